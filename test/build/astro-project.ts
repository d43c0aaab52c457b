import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolEnv } from '../../scripts/lib/tool-env.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Top-level entries never copied: dependencies (linked instead), build output, local state and
 * VCS data. Everything else is, so the site builds whatever shared code (core/, store/, …) it
 * imports; `content/` is a real copy, so tests can break it freely.
 */
const SKIPPED = new Set(['node_modules', 'dist', '.git', '.wrangler', '.astro', '.dev.vars']);
/** Local state folders that may sit anywhere in the tree (e.g. pipeline/.wrangler). */
const SKIPPED_ANYWHERE = new Set(['node_modules', '.wrangler', '.astro']);

export interface BuildResult {
  code: number | null;
  /** stdout and stderr, interleaved, with ANSI colours removed. */
  output: string;
}

export interface AstroProject {
  root: string;
  path(...segments: string[]): string;
  /** Runs the real `astro build` in a child process, with `env` added to this process's environment. */
  build(env?: Record<string, string>): Promise<BuildResult>;
  remove(): Promise<void>;
}

/** A throwaway copy of the site project that builds in isolation from the working tree. */
export async function copyProject(): Promise<AstroProject> {
  const root = await mkdtemp(join(tmpdir(), 'streamlog-site-'));
  for (const entry of await readdir(repoRoot)) {
    if (SKIPPED.has(entry)) continue;
    await cp(join(repoRoot, entry), join(root, entry), {
      recursive: true,
      filter: (source) => !SKIPPED_ANYWHERE.has(basename(source)),
    });
  }
  await linkNodeModules(root);
  const astro = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  return {
    root,
    path: (...segments) => join(root, ...segments),
    build: (env = {}) => run(process.execPath, [astro, 'build'], root, env),
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

function run(command: string, args: string[], cwd: string, extraEnv: Record<string, string>): Promise<BuildResult> {
  const env = toolEnv(extraEnv, { outsideVitest: true });
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
