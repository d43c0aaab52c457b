import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from '../../build/astro-project.ts';

/**
 * Where the browser tests get Chromium, in this order (the first that exists wins):
 *
 * 1. `CHROMIUM_PATH`, if set (it must exist);
 * 2. the Chromium that `npm ci` brings in `@sparticuz/chromium` (a devDependency whose tarball
 *    ships a brotli-packed headless Chromium, its NSS libraries and a font), unpacked once into
 *    `node_modules/.cache/streamlog-chromium/<version>/` (~5 s, one progress line);
 * 3. Debian's `/usr/bin/chromium`;
 * 4. as root with apt-get: `apt-get install chromium`, once, with one progress line; otherwise an
 *    error that says what to install.
 *
 * `STREAMLOG_IGNORE_NPM_CHROMIUM=1` skips 2 and `STREAMLOG_IGNORE_SYSTEM_CHROMIUM=1` skips 3 and 4
 * (to exercise each route on a machine that has both). Nothing is downloaded from anywhere but
 * the npm registry (by `npm ci`) and Debian's repositories (by apt-get).
 */
export interface ChromiumBinary {
  executablePath: string;
  /** Where it came from, for messages. */
  source: 'CHROMIUM_PATH' | '@sparticuz/chromium' | 'system' | 'apt-get';
  /** Extra environment for the browser process (bundled libraries and fonts). */
  env?: Record<string, string>;
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Headless and quiet: no background traffic, no sandbox (containers, root). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  const binary = await findChromium();
  const launch = (b: ChromiumBinary) =>
    chromium.launch({
      executablePath: b.executablePath,
      args: CHROMIUM_ARGS,
      ...(b.env ? { env: { ...process.env, ...b.env } } : {}),
    });
  try {
    return await launch(binary);
  } catch (error) {
    // The npm-shipped build is a convenience: if it cannot start here, use the system's.
    if (binary.source !== '@sparticuz/chromium') throw error;
    progress(`the Chromium from @sparticuz/chromium did not start (${firstLine(error)}); trying Debian's`);
    return launch(await systemChromium());
  }
}

export async function findChromium(): Promise<ChromiumBinary> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return { executablePath: configured, source: 'CHROMIUM_PATH' };
  }
  if (process.env.STREAMLOG_IGNORE_NPM_CHROMIUM !== '1') {
    const shipped = await npmChromium();
    if (shipped) return shipped;
  }
  return systemChromium();
}

/** Debian's Chromium, installed with apt-get on first need when we are root. */
async function systemChromium(): Promise<ChromiumBinary> {
  const ignoreSystem = process.env.STREAMLOG_IGNORE_SYSTEM_CHROMIUM === '1';
  if (!ignoreSystem && existsSync(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, source: 'system' };
  }
  const hint =
    "run `npm ci` (it brings @sparticuz/chromium on linux-x64), or install Debian's Chromium " +
    '(`sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium binary';
  if (ignoreSystem) throw new Error(`No Chromium for the browser tests: ${hint}`);
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) throw new Error(`No Chromium for the browser tests: ${hint}`);
  const log = join(repoRoot, 'node_modules', '.cache', 'streamlog-chromium', 'apt-get.log');
  await mkdir(dirname(log), { recursive: true });
  progress(`installing Debian's chromium with apt-get (once, about a minute; log: ${log})`);
  const status = spawnSync('sh', ['-c', `{ apt-get update -qq && apt-get install -y -qq chromium; } >'${log}' 2>&1`], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: 'ignore',
  }).status;
  if (status !== 0 || !existsSync(SYSTEM_CHROMIUM)) {
    throw new Error(`apt-get install chromium failed (see ${log}); ${hint}`);
  }
  return { executablePath: SYSTEM_CHROMIUM, source: 'apt-get' };
}

/**
 * The Chromium inside the `@sparticuz/chromium` npm package, unpacked once per package version.
 * The package's own `executablePath()` unpacks into a shared `/tmp/chromium` that it never checks
 * for staleness; this unpacks the same archives into the project's cache instead, atomically, and
 * points the browser at the bundled NSS libraries and fonts (so it needs nothing from Debian).
 */
async function npmChromium(): Promise<ChromiumBinary | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  let packageDir: string;
  try {
    const require = createRequire(import.meta.url);
    packageDir = join(dirname(require.resolve('@sparticuz/chromium')), '..');
  } catch {
    return undefined;
  }
  const bin = join(packageDir, 'bin');
  if (!existsSync(join(bin, 'chromium.br'))) return undefined;
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const cache = join(repoRoot, 'node_modules', '.cache', 'streamlog-chromium');
  const dir = join(cache, version);
  const binary: ChromiumBinary = {
    executablePath: join(dir, 'chromium'),
    source: '@sparticuz/chromium',
    env: {
      LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: join(dir, 'fonts.conf'),
      HOME: process.env.HOME ?? dir,
    },
  };
  if (existsSync(join(dir, '.complete'))) return binary;

  const started = Date.now();
  progress(`unpacking Chromium ${version} from @sparticuz/chromium into ${dir} (once)`);
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'al2023'), { recursive: true });
  await Promise.all([
    pipeline(
      createReadStream(join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(join(staging, 'chromium'), { mode: 0o755 }),
    ),
    untarBrotli(join(bin, 'swiftshader.tar.br'), staging),
    untarBrotli(join(bin, 'fonts.tar.br'), staging),
    untarBrotli(join(bin, 'al2023.tar.br'), join(staging, 'al2023')),
  ]);
  // Our own fontconfig file: the bundled Open Sans, then whatever fonts the machine has.
  await writeFile(
    join(staging, 'fonts.conf'),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      `  <dir>${join(dir, 'fonts')}</dir>`,
      '  <dir>/usr/share/fonts</dir>',
      `  <cachedir>${join(dir, 'fontcache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
  await writeFile(join(staging, '.complete'), `${new Date().toISOString()}\n`);
  try {
    await rename(staging, dir);
  } catch (error) {
    // Another process finished first: keep its copy.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, '.complete'))) throw error;
  }
  progress(`Chromium ${version} unpacked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}

/** `.tar.br` into `dir`: Node's brotli decoder writes the tar, the system's tar unpacks it. */
async function untarBrotli(archive: string, dir: string): Promise<void> {
  const tarFile = join(dir, `.${basename(archive, '.br')}`);
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tarFile));
  const tar = spawnSync('tar', ['-x', '-f', tarFile, '-C', dir], { encoding: 'utf8' });
  await rm(tarFile, { force: true });
  if (tar.status !== 0) throw new Error(`tar -x ${archive} failed: ${tar.stderr || tar.error}`);
}

function progress(line: string): void {
  process.stderr.write(`[browser] ${line}\n`);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

/** What a page did that it should not: dialogs opened and console messages. */
export interface PageEvents {
  dialogs: string[];
  console: string[];
  /** Requests to anywhere but the site under test (aborted, so tests stay offline). */
  external: string[];
}

/**
 * A fresh context whose requests to any other origin are aborted and recorded, with every dialog
 * dismissed and recorded, and every console message kept.
 */
export async function openContext(
  browser: Browser,
  siteUrl: string,
): Promise<{ context: BrowserContext; events: PageEvents }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const events: PageEvents = { dialogs: [], console: [], external: [] };
  const origin = new URL(siteUrl).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    events.external.push(url);
    return route.abort();
  });
  context.on('page', (page) => watch(page, events));
  return { context, events };
}

/** Console messages in which Chromium reports a content security policy violation. */
export function cspViolations(events: PageEvents): string[] {
  return events.console.filter((line) => line.includes('Content Security Policy'));
}

function watch(page: Page, events: PageEvents): void {
  page.on('dialog', (dialog) => {
    events.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    events.console.push(message.text());
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) in the page and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated by the test driver, which the page's content security policy does not govern.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}
