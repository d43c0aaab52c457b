import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyProject, repoRoot } from '../../build/astro-project.ts';
import { addFillerPosts, addHostilePost } from '../../build/hostile-content.ts';

/** Extra published posts in the e2e copy: the home page gets 7 pages, the `filler` tag 2. */
export const FILLER_POSTS = 60;

/** What the e2e site is built from; a change to any of these means a new build. */
const INPUTS = [
  'astro.config.mjs',
  'package-lock.json',
  'wrangler.toml',
  'site',
  'content',
  'core',
  'store',
  'public',
  'test/build',
  'test/e2e/lib',
];

/**
 * The project content plus the hostile post and filler posts, built once into a temp folder and
 * reused by every e2e file (and by later runs while the inputs are unchanged). Never touches the
 * working tree's content/ or dist/.
 */
export async function builtSite(): Promise<string> {
  const name = `streamlog-e2e-${await inputsHash()}`;
  const dir = join(tmpdir(), name);
  if (existsSync(join(dir, 'dist', 'server', 'wrangler.json'))) return dir;
  // Builds of earlier inputs are stale now.
  for (const entry of await readdir(tmpdir())) {
    if (entry.startsWith('streamlog-e2e-') && entry !== name)
      await rm(join(tmpdir(), entry), { recursive: true, force: true });
  }
  const project = await copyProject();
  try {
    await addHostilePost(project.root);
    await addFillerPosts(project.root, FILLER_POSTS);
    const result = await project.build();
    if (result.code !== 0) throw new Error(`astro build of the e2e site failed:\n${result.output}`);
    await rm(dir, { recursive: true, force: true });
    await rename(project.root, dir);
  } catch (error) {
    await project.remove();
    throw error;
  }
  return dir;
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of await filesUnder(join(repoRoot, input))) {
      const info = await stat(file);
      hash.update(`${file}\0${info.size}\0${info.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return [];
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
