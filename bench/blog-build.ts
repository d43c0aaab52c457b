/**
 * `npm run bench:build`: builds the blog with 1,000 and 4,000 generated posts beside a plain Astro
 * markdown blog with the same posts, in the same run, and writes the `blog-build` section of
 * bench/RESULTS.md. Bars (docs/DESIGN.md §8): ≤ 1.5× the plain blog's time at 1,000 posts, and
 * under 2 GB (2·10⁹ bytes ≈ 1.86 GiB) peak RSS at 4,000, both for the build `npm run build` runs
 * (same environment). The 1,000-post blog is also built with the adapter's workerd prerenderer,
 * the choice astro.config.mjs does not make, to show why.
 *
 * Options: `--sizes 1000,4000` and `--rounds 2` (builds per variant at the first size; the median
 * counts). Temp folders are removed afterwards.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toolEnv } from '../scripts/lib/tool-env.ts';
import { copyProject, repoRoot } from '../test/build/astro-project.ts';
import { generateContent, itemTemplate, writeStreamlogContent } from './blog-build/generate.ts';
import { createPlainBlog } from './blog-build/plain-blog.ts';
import { type Measured, measure } from './blog-build/process-tree.ts';
import { reportVerdicts, type Verdict, writeResultsSection } from './lib/results.ts';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000,4000' }, rounds: { type: 'string', default: '2' } },
});
const sizes = values.sizes.split(',').map(Number);
const rounds = Number(values.rounds);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rounds) || rounds < 1) {
  console.error('bench:build: --sizes takes positive integers (e.g. 1000,4000), --rounds a positive integer');
  process.exit(1);
}

const astroBin = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
const env = toolEnv();

/**
 * The environment `npm run build` sets (package.json's `build` script: `NAME=value … astro build`),
 * so the Streamlog builds here are exactly what the project ships: the V8 heap cap and allocator
 * settings count in the measurement. The plain blogs are built with Astro's defaults.
 */
async function buildScriptEnv(): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.build ?? '';
  // `NAME=value` or `NAME='value with spaces'`, as a POSIX shell reads them, then `astro build`.
  const assignment = /([A-Z_][A-Z0-9_]*)=(?:'([^']*)'|([^'\s]+))/;
  const match = new RegExp(`^((?:${assignment.source}\\s+)*)astro build$`).exec(script.trim());
  if (!match) throw new Error(`bench:build: cannot read the build script's environment from "${script}"`);
  return Object.fromEntries(
    [...(match[1] ?? '').matchAll(new RegExp(assignment.source, 'g'))].map((pair) => [
      pair[1] as string,
      pair[2] ?? pair[3] ?? '',
    ]),
  );
}
const streamlogEnv: NodeJS.ProcessEnv = { ...env, ...(await buildScriptEnv()) };

type Variant = 'plain' | 'plain-cloudflare' | 'streamlog' | 'streamlog-workerd';
const LABELS: Record<Variant, string> = {
  plain: 'plain Astro markdown blog',
  'plain-cloudflare': 'plain Astro markdown blog on @astrojs/cloudflare',
  streamlog: 'Streamlog blog (prerender in Node, as configured)',
  'streamlog-workerd': 'Streamlog blog, prerender in workerd',
};

/** Post pages a build wrote, wherever the variant puts its static files. */
async function countPostPages(dir: string): Promise<number> {
  for (const client of [join(dir, 'dist', 'client', 'posts'), join(dir, 'dist', 'posts')]) {
    const files = await readdir(client, { recursive: true }).catch(() => undefined);
    if (files) return files.filter((file) => file.endsWith('index.html')).length;
  }
  return 0;
}

let expectedPosts = 0;

async function build(dir: string, label: string, buildEnv: NodeJS.ProcessEnv): Promise<Measured> {
  await rm(join(dir, 'dist'), { recursive: true, force: true });
  await rm(join(dir, 'node_modules', '.astro'), { recursive: true, force: true }).catch(() => undefined);
  await rm(join(dir, '.astro'), { recursive: true, force: true });
  // Vite's dependency cache too, as on a fresh clone or a CI deploy. Kept, it favoured whichever
  // variant's config had not changed since its last round.
  await rm(join(dir, 'node_modules', '.vite'), { recursive: true, force: true });
  const result = await measure(process.execPath, [astroBin, 'build'], dir, buildEnv);
  if (result.code !== 0) throw new Error(`${label}: astro build failed\n${result.output.slice(-4000)}`);
  const postPages = await countPostPages(dir);
  if (postPages !== expectedPosts)
    throw new Error(`${label}: built ${postPages} post pages, expected ${expectedPosts}`);
  console.error(
    `  ${label}: ${(result.wallMs / 1000).toFixed(1)} s, peak ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const template = await itemTemplate(repoRoot);
const rows: {
  size: number;
  variant: Variant;
  times: number[];
  peak: number;
  peakProcess: number;
  pages: number;
}[] = [];
const cleanup: (() => Promise<void>)[] = [];

try {
  for (const [index, size] of sizes.entries()) {
    console.error(`bench:build: ${size} posts`);
    const content = await generateContent(template, size);
    expectedPosts = size;
    const plain = await createPlainBlog(repoRoot, content.posts);
    const plainCloudflare = await createPlainBlog(repoRoot, content.posts, true);
    cleanup.push(() => rm(plain, { recursive: true, force: true }));
    cleanup.push(() => rm(plainCloudflare, { recursive: true, force: true }));
    const project = await copyProject();
    cleanup.push(() => project.remove());
    await writeStreamlogContent(project.root, content);
    const dirs: Record<Variant, string> = {
      plain,
      'plain-cloudflare': plainCloudflare,
      streamlog: project.root,
      'streamlog-workerd': project.root,
    };
    const variants: Variant[] =
      index === 0
        ? ['plain', 'plain-cloudflare', 'streamlog', 'streamlog-workerd']
        : ['plain', 'plain-cloudflare', 'streamlog'];
    const config = project.path('astro.config.mjs');
    const configured = await readFile(config, 'utf8');
    if (!configured.includes("prerenderEnvironment: 'node'"))
      throw new Error('astro.config.mjs no longer sets prerenderEnvironment');
    const results = new Map<Variant, Measured[]>(variants.map((v) => [v, []]));
    // Interleaved, so drift in the machine's load hits every variant alike.
    for (let round = 0; round < (index === 0 ? rounds : 1); round++) {
      for (const variant of variants) {
        await writeFile(
          config,
          variant === 'streamlog-workerd'
            ? configured.replace("prerenderEnvironment: 'node'", "prerenderEnvironment: 'workerd'")
            : configured,
        );
        const buildEnv = variant.startsWith('streamlog') ? streamlogEnv : env;
        results.get(variant)?.push(await build(dirs[variant], `${LABELS[variant]}, round ${round + 1}`, buildEnv));
      }
    }
    await writeFile(config, configured);
    for (const variant of variants) {
      const measured = results.get(variant) ?? [];
      const pages = (measured.at(-1)?.output.match(/├─|└─/g) ?? []).length;
      rows.push({
        size,
        variant,
        times: measured.map((m) => m.wallMs),
        peak: Math.max(...measured.map((m) => m.peakRssBytes)),
        peakProcess: Math.max(...measured.map((m) => m.peakProcessRssBytes)),
        pages,
      });
    }
  }
} finally {
  for (const remove of cleanup) await remove();
}

const GIB = 2 ** 30;
/** The memory bar: 2 GB, decimal, as DESIGN states it (≈ 1.86 GiB); peaks are compared in bytes. */
const MEMORY_BAR_BYTES = 2e9;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const table = [
  '| posts | build | pages | wall time (median) | runs | peak RSS, process tree | peak RSS, largest process |',
  '| ----: | ----- | ----: | -----------------: | ---- | ---------------------: | ------------------------: |',
  ...rows.map(
    (r) =>
      `| ${r.size} | ${LABELS[r.variant]} | ${r.pages} | ${seconds(median(r.times))} | ${r.times.map(seconds).join(', ')} | ${(r.peak / 2 ** 20).toFixed(0)} MiB | ${(r.peakProcess / 2 ** 20).toFixed(0)} MiB |`,
  ),
];
const verdicts: string[] = [];
const bars: Verdict[] = [];
const first = sizes[0] ?? 0;
const plainFirst = rows.find((r) => r.size === first && r.variant === 'plain');
const oursFirst = rows.find((r) => r.size === first && r.variant === 'streamlog');
const workerdFirst = rows.find((r) => r.size === first && r.variant === 'streamlog-workerd');
const plainCloudflareFirst = rows.find((r) => r.size === first && r.variant === 'plain-cloudflare');
for (const [baseline, what] of [
  [plainFirst, 'plain blog'],
  [plainCloudflareFirst, 'plain blog on the same adapter'],
] as const) {
  if (!baseline || !oursFirst) continue;
  const ratio = median(oursFirst.times) / median(baseline.times);
  bars.push({
    figure: `\`astro build\`, ${first} posts: Streamlog / ${what}`,
    measured: `${ratio.toFixed(2)}×`,
    bar: '≤ 1.5×',
    pass: ratio <= 1.5,
  });
  verdicts.push(
    `- ${first} posts: Streamlog / ${what} = **${ratio.toFixed(2)}×** (bar ≤ 1.5×): ${ratio <= 1.5 ? 'pass' : 'FAIL'}.`,
  );
}
if (workerdFirst && oursFirst) {
  const ratio = median(workerdFirst.times) / median(oursFirst.times);
  verdicts.push(`- Prerendering in workerd instead of Node takes ${ratio.toFixed(2)}× as long at ${first} posts.`);
}
const largest = rows.filter((r) => r.variant === 'streamlog').at(-1);
if (largest) {
  bars.push({
    figure: `\`astro build\`, ${largest.size} posts: peak RSS of the process tree`,
    measured: `${(largest.peak / 1e9).toFixed(2)} GB`,
    bar: '< 2 GB',
    pass: largest.peak < MEMORY_BAR_BYTES,
  });
  verdicts.push(
    `- ${largest.size} posts: peak RSS of the whole process tree **${(largest.peak / 1e9).toFixed(2)} GB** (${(largest.peak / GIB).toFixed(2)} GiB; bar < 2 GB = ${(MEMORY_BAR_BYTES / GIB).toFixed(2)} GiB): ${largest.peak < MEMORY_BAR_BYTES ? 'pass' : 'FAIL'}; largest single process ${(largest.peakProcess / 1e9).toFixed(2)} GB (${(largest.peakProcess / GIB).toFixed(2)} GiB).`,
  );
}
const body = `Each post has about 450 words (headings, a list, links, a PHP code block) and two clips with a
transcript and GitHub context. Both blogs build the same generated posts from clean caches (\`dist\`,
\`.astro\`, \`node_modules/.astro\` and Vite's \`node_modules/.vite\` removed, as on a fresh clone); the
Streamlog build also writes tag pages, archive, RSS, sitemap and the Pagefind index, and runs every
post through the site's markdown safety and code highlighting plugins. Peak RSS is sampled from /proc every 50 ms: the sum over the build's
process tree (Astro's Node process plus Pagefind's indexer, which runs beside it), and the largest
single process; MiB = 2^20 bytes, GB = 10^9 bytes. The Streamlog builds run with the environment
\`npm run build\` sets (${Object.keys(await buildScriptEnv())
  .map((name) => `\`${name}=${streamlogEnv[name]}\``)
  .join(', ')}); the plain blogs with Astro's defaults.

${table.join('\n')}

${verdicts.join('\n')}`;
reportVerdicts(bars);
writeResultsSection('blog-build', 'Blog build (`npm run bench:build`, bench/blog-build.ts)', body);
console.log(body);
