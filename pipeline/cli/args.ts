import { LocalDate } from '../../core/schemas/common.ts';

export type CliCommand = 'run' | 'ingest' | 'process' | 'help';

export interface CliArgs {
  command: CliCommand;
  date: string | null;
  json: boolean;
  force: boolean;
}

export const USAGE = `usage: npm run pipeline -- <command> [options]

commands:
  run --date YYYY-MM-DD      ingest the local day's clips and GitHub activity, then transcribe, match and score them
  ingest --date YYYY-MM-DD   only fetch and store the day's clips and GitHub activity
  process --date YYYY-MM-DD  only move the day's stored items forward (retrying failed ones)
  help                       this text

options:
  --json    print the machine-readable summary on stdout (progress always goes to stderr)
  --force   also re-run items that are stuck or failed with a non-retryable error`;

/** Parses argv (without `node main.ts`). Returns an error line instead of throwing on bad input. */
export function parseArgs(argv: readonly string[]): { ok: true; args: CliArgs } | { ok: false; error: string } {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { ok: true, args: { command: 'help', date: null, json: false, force: false } };
  }
  if (command !== 'run' && command !== 'ingest' && command !== 'process') {
    return { ok: false, error: `unknown command "${command}" (expected run, ingest, process or help)` };
  }
  const args: CliArgs = { command, date: null, json: false, force: false };
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i] ?? '';
    const [name, inline] = option.includes('=')
      ? [option.slice(0, option.indexOf('=')), option.slice(option.indexOf('=') + 1)]
      : [option, undefined];
    if (name === '--json' && inline === undefined) args.json = true;
    else if (name === '--force' && inline === undefined) args.force = true;
    else if (name === '--date') {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--'))
        return { ok: false, error: '--date needs a value: --date YYYY-MM-DD' };
      if (!LocalDate.safeParse(value).success)
        return { ok: false, error: `--date must be a calendar date YYYY-MM-DD, got "${value}"` };
      args.date = value;
    } else {
      return { ok: false, error: `unknown option "${option}" for ${command} (see: npm run pipeline -- help)` };
    }
  }
  if (args.date === null)
    return { ok: false, error: `${command} needs --date YYYY-MM-DD (a local day in STREAM_TIMEZONE)` };
  return { ok: true, args };
}
