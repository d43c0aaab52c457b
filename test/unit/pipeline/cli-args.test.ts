import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../pipeline/cli/args.ts';

describe('pipeline CLI arguments', () => {
  it('reads run --date with --json and --force, in either form', () => {
    expect(parseArgs(['run', '--date', '2026-11-09', '--json'])).toEqual({
      ok: true,
      args: { command: 'run', date: '2026-11-09', json: true, force: false },
    });
    expect(parseArgs(['process', '--date=2026-11-09', '--force'])).toMatchObject({
      ok: true,
      args: { command: 'process', force: true },
    });
  });

  it('answers help for no command', () => {
    expect(parseArgs([])).toMatchObject({ ok: true, args: { command: 'help' } });
  });

  it('rejects bad input with one clear line', () => {
    expect(parseArgs(['run'])).toEqual({
      ok: false,
      error: 'run needs --date YYYY-MM-DD (a local day in STREAM_TIMEZONE)',
    });
    expect(parseArgs(['run', '--date', '2026-02-30'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('YYYY-MM-DD'),
    });
    expect(parseArgs(['run', '--date', '09/11/2026'])).toMatchObject({ ok: false });
    expect(parseArgs(['run', '--date'])).toMatchObject({ ok: false, error: '--date needs a value: --date YYYY-MM-DD' });
    expect(parseArgs(['publish', '--date', '2026-11-09'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown command'),
    });
    expect(parseArgs(['run', '--date', '2026-11-09', '--jsno'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--jsno'),
    });
  });
});
