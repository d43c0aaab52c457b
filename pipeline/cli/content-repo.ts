import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { StreamlogError } from '../../core/errors.ts';
import type { Clock } from '../../core/time/clock.ts';
import { systemClock } from '../../store/system-clock.ts';
import { compareAndSwapBranch, readBranch, writeCommit } from './git-plumbing.ts';
import { git, runGit } from './git-runner.ts';

/**
 * The local content repository: a bare git repository under the project's state folder that stands
 * in for the GitHub content repository when there are no credentials. Bare, because nothing ever
 * checks it out: refs move underneath, and a work tree would only go stale.
 */

/** Set in the repository's own config at creation; a repository without it is not ours to write. */
const MARKER_KEY = 'streamlog.contentrepo';

export const CONTENT_REPO_README = `# Streamlog local content repository

This repository was created by Streamlog's pipeline CLI. It stands in for the GitHub content
repository when no GitHub credentials are configured: each generated post is a branch
(\`streamlog/…\`) exactly one commit ahead of \`main\`, and its "pull request" is a record in
\`streamlog/pull-requests.json\` inside this repository's git directory.

Nothing checks this repository out; read it with git, for example:

    git -C <this directory> log --all --oneline
    git -C <this directory> show streamlog/daily-recap/2026-11-09

It lives in the project's state folder and can be deleted at any time to start over.
See docs/local-publishing.md in the Streamlog project.
`;

export interface ContentRepoOptions {
  /** The Streamlog project; the repository may never be it, contain it, or sit in its work tree outside the state folder. */
  projectRoot: string;
  /** Where local state lives: `$STREAMLOG_STATE_DIR`, else `<projectRoot>/.wrangler/state`. */
  stateDir?: string;
  baseBranch?: string;
  /** Dates the initial commit (and, in the publisher, every commit and PR record; tests pin it). */
  clock?: Clock;
}

export interface ContentRepo {
  /** The repository's directory (real path); for a bare repository also its git directory. */
  dir: string;
  gitDir: string;
  baseBranch: string;
}

/** `$STREAMLOG_STATE_DIR/content-repo`, else `<projectRoot>/.wrangler/state/content-repo`. */
export function defaultContentRepoDir(
  projectRoot: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return join(defaultStateDir(projectRoot, env), 'content-repo');
}

export function defaultStateDir(
  projectRoot: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return resolve(env.STREAMLOG_STATE_DIR || join(projectRoot, '.wrangler/state'));
}

/**
 * Opens the content repository at `dir`, creating it (bare, branch `main` with a README commit)
 * when missing. Refuses with `configuration_error` a `dir` that is the project root or contains it,
 * lies inside a git work tree anywhere but a git-ignored spot under the state folder, lies inside
 * another repository's git directory, or is an existing directory that is not a Streamlog content
 * repository.
 */
export async function openContentRepo(dir: string, options: ContentRepoOptions): Promise<ContentRepo> {
  const baseBranch = options.baseBranch ?? 'main';
  const target = realPathOf(resolve(dir));
  const root = realPathOf(resolve(options.projectRoot));
  const stateDir = realPathOf(options.stateDir ? resolve(options.stateDir) : defaultStateDir(root));
  if (!(await isValidBranchName(baseBranch))) refuse(`base branch "${baseBranch}" is not a valid branch name`);

  if (target === root) refuse(`${target} is the project itself; the local content repository must live elsewhere`);
  if (isInside(root, target))
    refuse(`${target} contains the project; the local content repository must live elsewhere`);
  await checkLocation(target, stateDir);

  if (await isNonEmptyDir(target)) {
    await checkOurs(target);
  } else {
    await create(target, baseBranch, (options.clock ?? systemClock).now());
  }
  if ((await readBranch(target, baseBranch)) === null) {
    refuse(`the local content repository ${target} has no base branch "${baseBranch}"`);
  }
  return { dir: target, gitDir: target, baseBranch };
}

/**
 * The git directory of an existing Streamlog content repository, for the helpers that read or
 * change its pull requests. Refuses anything else.
 */
export async function existingContentRepo(dir: string): Promise<string> {
  const target = realPathOf(resolve(dir));
  if (!existsSync(target)) throw new StreamlogError('not_found', `no local content repository at ${target}`);
  await checkOurs(target);
  return target;
}

/** `git check-ref-format --branch` plus no leading dash: a name git itself accepts for a branch. */
export async function isValidBranchName(name: string): Promise<boolean> {
  if (name.length === 0 || name.startsWith('-') || name === 'HEAD') return false;
  const result = await runGit(['check-ref-format', `refs/heads/${name}`]);
  return result.code === 0;
}

function refuse(message: string): never {
  throw new StreamlogError('configuration_error', message);
}

/** The real path of `path`, resolving symlinks in the part that exists (the rest may not yet). */
function realPathOf(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(basename(existing));
    existing = parent;
  }
  return join(realpathSync.native(existing), ...rest);
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current)) current = dirname(current);
  return current;
}

/** Nested in a work tree only under the state folder and only where that work tree ignores it. */
async function checkLocation(target: string, stateDir: string): Promise<void> {
  const probe = nearestExisting(dirname(target));
  const inGitDir = await runGit(['rev-parse', '--is-inside-git-dir'], { cwd: probe });
  if (inGitDir.code !== 0) {
    if (/not a git repository/i.test(inGitDir.stderr)) return;
    refuse(`cannot tell whether ${target} is inside a git repository: ${inGitDir.stderr.trim().split('\n')[0]}`);
  }
  if (inGitDir.stdout.trim() === 'true') refuse(`${target} is inside another repository's git directory`);
  const top = await runGit(['rev-parse', '--show-toplevel'], { cwd: probe });
  if (top.code !== 0) refuse(`${target} is inside a git repository without a work tree`);
  const workTree = realPathOf(top.stdout.trim());
  if (!isInside(target, stateDir)) {
    refuse(
      `${target} is inside the git work tree ${workTree} and not under the state folder ${stateDir}; ` +
        'the local content repository must never be part of a checkout',
    );
  }
  const ignored = await runGit(['check-ignore', '--quiet', '--', relative(workTree, target)], { cwd: workTree });
  if (ignored.code !== 0) {
    refuse(`${target} is inside the git work tree ${workTree} but not git-ignored there (ignore ${stateDir} first)`);
  }
}

async function isNonEmptyDir(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  if (!(await stat(path)).isDirectory()) refuse(`${path} exists and is not a directory`);
  return (await readdir(path)).length > 0;
}

async function checkOurs(target: string): Promise<void> {
  const bare = await runGit(['rev-parse', '--is-bare-repository'], { gitDir: target });
  const marker = await runGit(['config', '--local', '--get', MARKER_KEY], { gitDir: target });
  if (bare.code !== 0 || bare.stdout.trim() !== 'true' || marker.stdout.trim() !== 'true') {
    refuse(`${target} exists but is not a Streamlog content repository; remove it or choose another folder`);
  }
}

async function create(target: string, baseBranch: string, date: Date): Promise<void> {
  await mkdir(target, { recursive: true });
  await git(['init', '--quiet', '--bare', '--template=', `--initial-branch=${baseBranch}`, target]);
  await git(['config', '--local', MARKER_KEY, 'true'], { gitDir: target });
  await mkdir(join(target, 'streamlog'), { recursive: true });
  const commit = await writeCommit(target, {
    parent: null,
    files: [{ path: 'README.md', content: CONTENT_REPO_README }],
    message: 'Create the Streamlog local content repository\n',
    date,
  });
  try {
    await compareAndSwapBranch(target, baseBranch, commit.sha, null, 'streamlog: create');
  } catch (error) {
    // Another process created it at the same moment: its initial commit is as good as ours.
    if ((await readBranch(target, baseBranch)) === null) throw error;
  }
}
