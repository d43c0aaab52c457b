import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What `astro build` reads besides node_modules. `content/` is copied so tests can break it freely. */
const PROJECT_ENTRIES = [
  'astro.config.mjs',
  'package.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'wrangler.toml',
  'site',
  'content',
  'core',
  'migrations',
  'public',
];

export interface BuildResult {
  code: number | null;
  /** stdout and stderr, interleaved, with ANSI colours removed. */
  output: string;
}

export interface AstroProject {
  root: string;
  path(...segments: string[]): string;
  /** Runs the real `astro build` in a child process. */
  build(): Promise<BuildResult>;
  remove(): Promise<void>;
}

/** A throwaway copy of the site project that builds in isolation from the working tree. */
export async function copyProject(): Promise<AstroProject> {
  const root = await mkdtemp(join(tmpdir(), 'streamlog-site-'));
  for (const entry of PROJECT_ENTRIES) {
    await cp(join(repoRoot, entry), join(root, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  await linkNodeModules(root);
  const astro = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  return {
    root,
    path: (...segments) => join(root, ...segments),
    build: () => run(process.execPath, [astro, 'build'], root),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/**
 * One symlink per package rather than one for the whole folder: Astro and Vite keep their caches
 * (content data store, optimised deps) in node_modules/.astro and node_modules/.vite, and those
 * must belong to the copy, not to the working tree.
 */
async function linkNodeModules(root: string): Promise<void> {
  const source = join(repoRoot, 'node_modules');
  const target = join(root, 'node_modules');
  await mkdir(target);
  for (const entry of await readdir(source)) {
    if (entry === '.astro' || entry === '.vite' || entry === '.mf') continue;
    await symlink(join(source, entry), join(target, entry));
  }
}

function run(command: string, args: string[], cwd: string): Promise<BuildResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    ASTRO_TELEMETRY_DISABLED: '1',
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  };
  // Vitest's own markers would make the build behave like a test run (Vite mode, Miniflare defaults).
  for (const key of ['NODE_ENV', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST']) {
    delete env[key];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes
      resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}
