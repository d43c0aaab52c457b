import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamlogError } from '../../core/errors.ts';
import { git, runGit } from './git-runner.ts';

/**
 * Writes to a repository the way GitHub's Git Data API does: objects, a tree, a commit, then one
 * compare-and-swap ref update. No work tree and no shared index are ever touched.
 */

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export interface FileToWrite {
  path: string;
  content: string;
}

export interface WrittenCommit {
  sha: string;
  /** Objects written: one blob per file, the tree and the commit. */
  objects: number;
}

/** The commit a branch points at, or null when the branch does not exist. */
export async function readBranch(gitDir: string, branch: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], { gitDir });
  return result.code === 0 ? result.stdout.trim() : null;
}

/** A commit's full message, byte for byte as stored. */
export async function commitMessage(gitDir: string, sha: string): Promise<string> {
  // runGit, not git: stdout untrimmed, so the message keeps its exact bytes.
  const result = await runGit(['cat-file', 'commit', sha], { gitDir });
  if (result.code !== 0) throw new StreamlogError('storage_failed', `commit ${sha} cannot be read`);
  const split = result.stdout.indexOf('\n\n');
  return split === -1 ? '' : result.stdout.slice(split + 2);
}

/** The tree of a commit. */
export function treeOf(gitDir: string, commit: string): Promise<string> {
  return git(['rev-parse', '--verify', `${commit}^{tree}`], { gitDir });
}

/**
 * One commit on top of `parent` (or a root commit) whose tree is the parent's tree with `files`
 * added or replaced. Blobs are hashed in one `hash-object --stdin-paths` call from temporary
 * files, the tree is built in a temporary index, so nothing is read from or written to a work tree.
 */
export async function writeCommit(
  gitDir: string,
  input: { parent: string | null; files: readonly FileToWrite[]; message: string; date: Date },
): Promise<WrittenCommit> {
  const scratch = await mkdtemp(join(tmpdir(), 'streamlog-git-'));
  try {
    const blobs = await hashBlobs(gitDir, scratch, input.files);
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    if (input.parent) await git(['read-tree', input.parent], { gitDir, env });
    else await git(['read-tree', '--empty'], { gitDir, env });
    const records = input.files.map((file, i) => `100644 ${blobs[i]}\t${file.path}\0`).join('');
    if (records) await git(['update-index', '--add', '-z', '--index-info'], { gitDir, env, input: records });
    const tree = await git(['write-tree'], { gitDir, env });
    const parents = input.parent ? ['-p', input.parent] : [];
    const sha = await git(['commit-tree', tree, ...parents, '-F', '-'], {
      gitDir,
      input: input.message,
      date: input.date,
    });
    return { sha, objects: input.files.length + 2 };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function hashBlobs(gitDir: string, scratch: string, files: readonly FileToWrite[]): Promise<string[]> {
  if (files.length === 0) return [];
  const paths = await Promise.all(
    files.map(async (file, i) => {
      // Numbered names: the bundle's own paths never reach the file system.
      const path = join(scratch, `blob-${i}`);
      await writeFile(path, file.content, 'utf8');
      return path;
    }),
  );
  const out = await git(['hash-object', '-w', '--no-filters', '--stdin-paths'], {
    gitDir,
    input: `${paths.join('\n')}\n`,
  });
  const shas = out.split('\n');
  if (shas.length !== files.length) throw new StreamlogError('storage_failed', 'git hash-object returned too few ids');
  return shas;
}

/**
 * Points `refs/heads/<branch>` at `next` only if it still points at `expected` (null: only if it
 * does not exist yet). A concurrent writer makes this fail with `concurrent_update`, never clobbers.
 */
export async function compareAndSwapBranch(
  gitDir: string,
  branch: string,
  next: string,
  expected: string | null,
  reason: string,
): Promise<void> {
  const result = await runGit(['update-ref', '-m', reason, `refs/heads/${branch}`, next, expected ?? ZERO_SHA], {
    gitDir,
  });
  if (result.code === 0) return;
  if ((await readBranch(gitDir, branch)) !== expected) {
    throw new StreamlogError('concurrent_update', `branch ${branch} moved while it was being written; run again`, {
      branch,
    });
  }
  const why = result.stderr.trim().split('\n').slice(-2).join(' ') || `exit ${result.code}`;
  throw new StreamlogError('storage_failed', `git update-ref ${branch} failed: ${why}`, { branch });
}

/** True when `ancestor` is reachable from `descendant` (a fast-forward is possible). */
export async function isAncestor(gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await runGit(['merge-base', '--is-ancestor', ancestor, descendant], { gitDir });
  if (result.code === 0) return true;
  if (result.code === 1) return false;
  throw new StreamlogError('storage_failed', `git merge-base failed: ${result.stderr.trim()}`);
}

/**
 * The tree of a three-way merge of two commits, computed in the object store only
 * (`git merge-tree --write-tree`, git 2.38 or newer). Null when the merge has conflicts.
 */
export async function mergeTrees(gitDir: string, ours: string, theirs: string): Promise<string | null> {
  const result = await runGit(['merge-tree', '--write-tree', '--no-messages', ours, theirs], { gitDir });
  if (result.code === 0) return result.stdout.trim().split('\n')[0] ?? null;
  if (result.code === 1) return null;
  throw new StreamlogError(
    'configuration_error',
    `git merge-tree --write-tree failed (the local publisher needs git 2.38 or newer): ${result.stderr.trim()}`,
  );
}

/** A commit with an explicit tree and parents (a merge commit), message given as is. */
export function commitTree(
  gitDir: string,
  input: { tree: string; parents: readonly string[]; message: string; date: Date },
): Promise<string> {
  return git(['commit-tree', input.tree, ...input.parents.flatMap((p) => ['-p', p]), '-F', '-'], {
    gitDir,
    input: input.message,
    date: input.date,
  });
}
