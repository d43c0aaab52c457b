import { spawn } from 'node:child_process';
import { devNull } from 'node:os';
import { StreamlogError } from '../../core/errors.ts';

/** The identity every commit of the local content repository is written as. */
export const BOT_NAME = 'streamlog[bot]';
export const BOT_EMAIL = 'streamlog-bot@localhost.invalid';

/**
 * Config given on every command line, so nothing from the user's own setup (hooks, signing,
 * templates, line-ending filters, fsmonitor daemons) can run or change bytes.
 */
const FIXED_CONFIG = [
  `core.hooksPath=${devNull}`,
  'commit.gpgsign=false',
  'tag.gpgsign=false',
  'core.autocrlf=false',
  'core.safecrlf=false',
  'core.fsmonitor=false',
  'core.quotePath=false',
  'init.templateDir=',
  'advice.detachedHead=false',
];

export interface GitRun {
  /** `--git-dir` to pass; without it git discovers the repository from `cwd`. */
  gitDir?: string;
  cwd?: string;
  /** Written to git's stdin (then closed). */
  input?: string | Buffer;
  /** Extra variables (e.g. `GIT_INDEX_FILE`), on top of the clean base environment. */
  env?: Record<string, string>;
  /** Commit dates; the bot identity is always set. */
  date?: Date;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The parent's environment without any `GIT_*` variable (a `GIT_DIR` or `GIT_INDEX_FILE` left by a
 * hook would point every command at someone else's repository), plus isolation from global and
 * system config and the bot identity.
 */
export function gitEnv(
  base: Readonly<Record<string, string | undefined>>,
  extra: Record<string, string> = {},
  date?: Date,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.toUpperCase().startsWith('GIT_')) env[key] = value;
  }
  Object.assign(env, {
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: BOT_NAME,
    GIT_AUTHOR_EMAIL: BOT_EMAIL,
    GIT_COMMITTER_NAME: BOT_NAME,
    GIT_COMMITTER_EMAIL: BOT_EMAIL,
    LC_ALL: 'C',
    LANGUAGE: 'C',
  });
  if (date) {
    const stamp = `@${Math.floor(date.getTime() / 1000)} +0000`;
    env.GIT_AUTHOR_DATE = stamp;
    env.GIT_COMMITTER_DATE = stamp;
  }
  return Object.assign(env, extra);
}

/** Runs `git <fixed -c config> [--git-dir] <args>` with an argument array (never a shell). */
export function runGit(args: readonly string[], run: GitRun = {}): Promise<GitResult> {
  const argv = [...FIXED_CONFIG.flatMap((c) => ['-c', c]), ...(run.gitDir ? [`--git-dir=${run.gitDir}`] : []), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('git', argv, {
      cwd: run.cwd,
      // The augmented NodeJS.ProcessEnv (wrangler's typed vars) is wider than what we pass; any env is valid here.
      env: gitEnv(process.env, run.env, run.date) as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new StreamlogError(
              'configuration_error',
              'git is not installed or not on PATH (the local publisher needs it)',
            )
          : error,
      );
    });
    child.on('close', (code) => {
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    // A git that exits before reading its input must not crash the process with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(run.input ?? '');
  });
}

/** Like `runGit`, but a non-zero exit is a `storage_failed` error naming the subcommand; returns trimmed stdout. */
export async function git(args: readonly string[], run: GitRun = {}): Promise<string> {
  const result = await runGit(args, run);
  if (result.code !== 0) {
    const reason = result.stderr.trim().split('\n').slice(-2).join(' ') || `exit ${result.code}`;
    throw new StreamlogError('storage_failed', `git ${args[0] ?? ''} failed: ${reason}`, {
      git_dir: run.gitDir ?? null,
    });
  }
  return result.stdout.trim();
}
