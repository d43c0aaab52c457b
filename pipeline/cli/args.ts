import { LocalDate, RepositoryName } from '../../core/schemas/common.ts';
import { ContentTag } from '../../core/schemas/content-item.ts';
import { ContentType } from '../../core/schemas/post.ts';
import { shownValue } from '../../scripts/lib/shown-value.ts';

export type CliCommand = 'run' | 'ingest' | 'process' | 'doctor' | 'runs' | 'help';

export interface CliArgs {
  command: CliCommand;
  date: string | null;
  json: boolean;
  force: boolean;
  /** The post `run` writes: `daily_recap` for the day, or the week (Monday–Sunday) holding it. */
  type: ContentType;
  /** For `topic_focus`: a tag (`stripe`) or a repository (`owner/name`). */
  topic: string | null;
  /** Generate and judge, print the post, write nothing (no PR, no commit, no message). */
  dryRun: boolean;
  /** doctor: also make one read-only request per configured service. */
  reach: boolean;
  /** runs: how many recent runs to list. */
  limit: number;
  /** runs: the one run to show (`run_…`). */
  id: string | null;
}

export const USAGE = `usage: npm run pipeline -- <command> [options]

commands:
  run --date YYYY-MM-DD      the whole day: ingest, transcribe, match and score, then write and judge the post,
                             open or update its pull request and notify the owner
  ingest --date YYYY-MM-DD   only fetch and store the day's clips and GitHub activity
  process --date YYYY-MM-DD  only move the day's stored items forward (retrying failed ones)
  doctor [--reach]           check the configuration area by area and say what to set; --reach also makes
                             one read-only request per configured service (exit 1 when something is broken)
  runs [--limit N]           the most recent pipeline runs (default 20); runs --id run_… shows one
  help                       this text

options:
  --json    print the machine-readable summary on stdout (progress always goes to stderr)
  --force   also re-run items that are stuck or failed with a non-retryable error; write a post for a
            period without development clips; re-open a PR that was closed without merging
  --type T  the post run writes: daily_recap (default), weekly_summary (the Monday–Sunday week
            holding --date) or topic_focus (that week, one topic; needs --topic)
  --topic X a tag (e.g. stripe) or a repository (owner/name), for --type topic_focus
  --dry-run write and judge the post and print it; open nothing, commit nothing, notify no one`;

/** Every option at its default: what a command gets for each option it was not given. */
export const DEFAULT_OPTIONS: Readonly<Omit<CliArgs, 'command'>> = {
  date: null,
  json: false,
  force: false,
  type: 'daily_recap',
  topic: null,
  dryRun: false,
  reach: false,
  limit: 20,
  id: null,
};

/**
 * Parses argv (without `node main.ts`). Returns an error line instead of throwing on bad input; a
 * value quoted in it is shown by `shownValue`, so whatever was typed the error stays one line.
 */
export function parseArgs(argv: readonly string[]): { ok: true; args: CliArgs } | { ok: false; error: string } {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { ok: true, args: { ...DEFAULT_OPTIONS, command: 'help' } };
  }
  if (command === 'doctor' || command === 'runs') return parseToolArgs(command, rest);
  if (command !== 'run' && command !== 'ingest' && command !== 'process') {
    return {
      ok: false,
      error: `unknown command ${shownValue(command)} (expected run, ingest, process, doctor, runs or help)`,
    };
  }
  const args: CliArgs = { ...DEFAULT_OPTIONS, command };
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i] ?? '';
    const [name, inline] = splitOption(option);
    if (name === '--json' && inline === undefined) args.json = true;
    else if (name === '--force' && inline === undefined) args.force = true;
    else if (name === '--dry-run' && inline === undefined) args.dryRun = true;
    else if (name === '--type') {
      const value = inline ?? rest[++i];
      const parsed = ContentType.safeParse(value);
      if (!parsed.success)
        return {
          ok: false,
          error: `--type must be daily_recap, weekly_summary or topic_focus, got ${shownValue(value ?? '')}`,
        };
      args.type = parsed.data;
    } else if (name === '--topic') {
      const value = inline ?? rest[++i] ?? '';
      if (!ContentTag.safeParse(value).success && !RepositoryName.safeParse(value).success)
        return {
          ok: false,
          error: `--topic must be a lower-case tag (stripe) or a repository (owner/name), got ${shownValue(value)}`,
        };
      args.topic = value;
    } else if (name === '--date') {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--'))
        return { ok: false, error: '--date needs a value: --date YYYY-MM-DD' };
      if (!LocalDate.safeParse(value).success)
        return { ok: false, error: `--date must be a calendar date YYYY-MM-DD, got ${shownValue(value)}` };
      args.date = value;
    } else {
      return {
        ok: false,
        error: `unknown option ${shownValue(option)} for ${command} (see: npm run pipeline -- help)`,
      };
    }
  }
  if (args.date === null)
    return { ok: false, error: `${command} needs --date YYYY-MM-DD (a local day in STREAM_TIMEZONE)` };
  if (args.type === 'topic_focus' && args.topic === null)
    return { ok: false, error: '--type topic_focus needs --topic <tag or owner/name>' };
  if (args.topic !== null && args.type !== 'topic_focus')
    return { ok: false, error: '--topic only goes with --type topic_focus' };
  if ((args.dryRun || args.type !== 'daily_recap') && command !== 'run')
    return { ok: false, error: `--type and --dry-run go with run, not ${command}` };
  return { ok: true, args };
}

/** `doctor [--reach] [--json]` and `runs [--limit N] [--id run_…] [--json]`: no date. */
function parseToolArgs(
  command: 'doctor' | 'runs',
  rest: readonly string[],
): { ok: true; args: CliArgs } | { ok: false; error: string } {
  const args: CliArgs = { ...DEFAULT_OPTIONS, command };
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i] ?? '';
    const [name, inline] = splitOption(option);
    if (name === '--json' && inline === undefined) args.json = true;
    else if (command === 'doctor' && name === '--reach' && inline === undefined) args.reach = true;
    else if (command === 'runs' && name === '--limit') {
      const value = inline ?? rest[++i] ?? '';
      const limit = Number(value);
      if (!/^[0-9]+$/.test(value) || limit < 1 || limit > 500)
        return { ok: false, error: `--limit must be a whole number from 1 to 500, got ${shownValue(value)}` };
      args.limit = limit;
    } else if (command === 'runs' && name === '--id') {
      const value = inline ?? rest[++i] ?? '';
      if (!/^run_[A-Za-z0-9-]{8,64}$/.test(value))
        return { ok: false, error: `--id must be a run id (run_…), got ${shownValue(value)}` };
      args.id = value;
    } else {
      return {
        ok: false,
        error: `unknown option ${shownValue(option)} for ${command} (see: npm run pipeline -- help)`,
      };
    }
  }
  return { ok: true, args };
}

/** `--name=value` → [`--name`, `value`]; `--name` → [`--name`, undefined]. */
function splitOption(option: string): [name: string, inline: string | undefined] {
  const equals = option.indexOf('=');
  return equals === -1 ? [option, undefined] : [option.slice(0, equals), option.slice(equals + 1)];
}
