import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamlogError } from '../../core/errors.ts';
import type { Clock } from '../../core/time/clock.ts';
import { systemClock } from '../../store/system-clock.ts';
import { existingContentRepo } from './content-repo.ts';
import { commitTree, compareAndSwapBranch, isAncestor, mergeTrees, readBranch } from './git-plumbing.ts';

/**
 * The "pull requests" of the local content repository: one JSON file in its git directory,
 * `<gitdir>/streamlog/pull-requests.json`, replaced atomically (temp file + rename) under a lock
 * file, so a reader never sees half a file and two writers never lose each other's records.
 */

export type LocalPullRequestState = 'open' | 'closed' | 'merged';

export interface LocalPullRequest {
  /** 1, 2, … in order of creation; never reused. */
  number: number;
  /** Head branch, e.g. `streamlog/daily-recap/2026-11-09`. */
  branch: string;
  base: string;
  title: string;
  body: string;
  state: LocalPullRequestState;
  draft: boolean;
  labels: string[];
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  /** The commit the base branch pointed at right after the merge (the head itself on a fast-forward). */
  merge_commit_sha: string | null;
}

interface PullRequestFile {
  version: 1;
  pull_requests: LocalPullRequest[];
}

export interface HelperOptions {
  clock?: Clock;
}

const LOCK_STALE_MS = 60_000;
const LOCK_WAIT_MS = 15_000;

export function pullRequestsPath(gitDir: string): string {
  return join(gitDir, 'streamlog', 'pull-requests.json');
}

/** Where a person looks at a local PR: the repository's file URL with `#pr-<n>`. */
export function localPullRequestUrl(dir: string, number: number): string {
  return `${pathToFileURL(dir).href}#pr-${number}`;
}

/** Every PR of the repository, oldest first. An unwritten file means none. */
export async function readPullRequests(gitDir: string): Promise<LocalPullRequest[]> {
  const path = pullRequestsPath(gitDir);
  if (!existsSync(path)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new StreamlogError('configuration_error', `${path} is not valid JSON; fix or delete it`);
  }
  const list = (parsed as Partial<PullRequestFile> | null)?.pull_requests;
  if (!Array.isArray(list)) throw new StreamlogError('configuration_error', `${path} has no pull_requests list`);
  return list as LocalPullRequest[];
}

/** Replaces the PR file atomically: a complete temp file in the same folder, then rename. */
export async function writePullRequests(gitDir: string, pullRequests: readonly LocalPullRequest[]): Promise<void> {
  const path = pullRequestsPath(gitDir);
  await mkdir(join(gitDir, 'streamlog'), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  const file: PullRequestFile = { version: 1, pull_requests: [...pullRequests] };
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The PR a publish of `branch` deals with: the open one, else the most recent one. */
export function pullRequestForBranch(
  pullRequests: readonly LocalPullRequest[],
  branch: string,
): LocalPullRequest | null {
  const mine = pullRequests.filter((pr) => pr.branch === branch);
  return mine.find((pr) => pr.state === 'open') ?? mine.at(-1) ?? null;
}

/**
 * Runs `fn` holding `<gitdir>/streamlog/lock` (created exclusively). Waits for another holder up to
 * 15 s, then fails with `concurrent_update`; a lock left by a crash is broken after a minute.
 */
export async function withRepoLock<T>(gitDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(gitDir, 'streamlog', 'lock');
  await mkdir(join(gitDir, 'streamlog'), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new StreamlogError('concurrent_update', `the local content repository ${gitDir} is busy (lock held)`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Every PR of the local content repository at `dir`, oldest first. */
export async function listLocalPullRequests(dir: string): Promise<LocalPullRequest[]> {
  return readPullRequests(await existingContentRepo(dir));
}

/** Closes an open PR without merging (a later publish then skips it unless forced). */
export function closeLocalPullRequest(dir: string, number: number, options: HelperOptions = {}) {
  return changePullRequest(
    dir,
    number,
    (pr, _all, now) => {
      if (pr.state !== 'open') illegal(`local pull request #${number} is ${pr.state}, not open`);
      return { ...pr, state: 'closed', updated_at: now };
    },
    options,
  );
}

/** Re-opens a closed PR, unless another open PR already has its branch or it was merged. */
export function reopenLocalPullRequest(dir: string, number: number, options: HelperOptions = {}) {
  return changePullRequest(
    dir,
    number,
    (pr, all, now) => {
      if (pr.state !== 'closed') illegal(`local pull request #${number} is ${pr.state}, not closed`);
      if (all.some((other) => other.branch === pr.branch && other.state === 'open')) {
        illegal(`another local pull request for ${pr.branch} is open`);
      }
      return { ...pr, state: 'open', updated_at: now };
    },
    options,
  );
}

/** Marks a draft PR ready for review (a draft cannot be merged, as on GitHub). */
export function markLocalPullRequestReady(dir: string, number: number, options: HelperOptions = {}) {
  return changePullRequest(
    dir,
    number,
    (pr, _all, now) => {
      if (pr.state !== 'open') illegal(`local pull request #${number} is ${pr.state}, not open`);
      return { ...pr, draft: false, updated_at: now };
    },
    options,
  );
}

/**
 * Merges an open, non-draft PR into its base without a work tree: a fast-forward when the base has
 * not moved, otherwise a merge commit whose tree `git merge-tree --write-tree` computes. The base
 * ref moves by compare-and-swap; a conflict refuses with `illegal_transition` and changes nothing.
 */
export async function mergeLocalPullRequest(
  dir: string,
  number: number,
  options: HelperOptions = {},
): Promise<LocalPullRequest> {
  const gitDir = await existingContentRepo(dir);
  const now = (options.clock ?? systemClock).now();
  return withRepoLock(gitDir, async () => {
    const all = await readPullRequests(gitDir);
    const pr = findNumber(all, number);
    if (pr.state !== 'open') illegal(`local pull request #${number} is ${pr.state}, not open`);
    if (pr.draft) illegal(`local pull request #${number} is a draft; mark it ready first`);
    const head = await readBranch(gitDir, pr.branch);
    const base = await readBranch(gitDir, pr.base);
    if (!head) illegal(`the branch ${pr.branch} of local pull request #${number} no longer exists`);
    if (!base) illegal(`the base branch ${pr.base} of local pull request #${number} no longer exists`);
    let merged = head;
    if (!(await isAncestor(gitDir, base, head))) {
      const tree = await mergeTrees(gitDir, base, head);
      if (!tree) illegal(`local pull request #${number} conflicts with ${pr.base}`);
      merged = await commitTree(gitDir, {
        tree,
        parents: [base, head],
        message: `Merge pull request #${number} from ${pr.branch}\n\n${pr.title}\n`,
        date: now,
      });
    }
    await compareAndSwapBranch(gitDir, pr.base, merged, base, `streamlog: merge #${number}`);
    const stamp = now.toISOString();
    const updated: LocalPullRequest = {
      ...pr,
      state: 'merged',
      updated_at: stamp,
      merged_at: stamp,
      merge_commit_sha: merged,
    };
    await writePullRequests(
      gitDir,
      all.map((p) => (p.number === number ? updated : p)),
    );
    return updated;
  });
}

async function changePullRequest(
  dir: string,
  number: number,
  change: (pr: LocalPullRequest, all: readonly LocalPullRequest[], now: string) => LocalPullRequest,
  options: HelperOptions = {},
): Promise<LocalPullRequest> {
  const gitDir = await existingContentRepo(dir);
  const now = (options.clock ?? systemClock).now().toISOString();
  return withRepoLock(gitDir, async () => {
    const all = await readPullRequests(gitDir);
    const updated = change(findNumber(all, number), all, now);
    await writePullRequests(
      gitDir,
      all.map((p) => (p.number === number ? updated : p)),
    );
    return updated;
  });
}

function findNumber(all: readonly LocalPullRequest[], number: number): LocalPullRequest {
  const pr = all.find((p) => p.number === number);
  if (!pr) throw new StreamlogError('not_found', `no local pull request #${number}`);
  return pr;
}

function illegal(message: string): never {
  throw new StreamlogError('illegal_transition', message);
}
