import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseArgs } from '../../../pipeline/cli/args.ts';

describe('pipeline CLI arguments', () => {
  it('reads run --date with --json and --force, in either form', () => {
    expect(parseArgs(['run', '--date', '2026-11-09', '--json'])).toEqual({
      ok: true,
      args: { ...DEFAULT_OPTIONS, command: 'run', date: '2026-11-09', json: true },
    });
    // A command's defaults: the daily recap of one date, 20 runs listed, every switch off.
    expect(DEFAULT_OPTIONS).toMatchObject({ type: 'daily_recap', limit: 20, json: false, force: false, dryRun: false });
    expect(parseArgs(['process', '--date=2026-11-09', '--force'])).toMatchObject({
      ok: true,
      args: { command: 'process', force: true },
    });
  });

  it('reads the post options of run', () => {
    expect(parseArgs(['run', '--date', '2026-11-09', '--type', 'weekly_summary', '--dry-run'])).toMatchObject({
      ok: true,
      args: { type: 'weekly_summary', dryRun: true, topic: null },
    });
    expect(
      parseArgs(['run', '--date=2026-11-09', '--type=topic_focus', '--topic', 'codewithmara/payments-api']),
    ).toMatchObject({
      ok: true,
      args: { type: 'topic_focus', topic: 'codewithmara/payments-api' },
    });
  });

  // One line that names what is wrong: the option, or the command the option belongs to.
  it.each<[string[], string]>([
    [['run', '--date', '2026-11-09', '--type', 'monthly'], '--type'],
    [['run', '--date', '2026-11-09', '--type', 'topic_focus'], '--topic'],
    [['run', '--date', '2026-11-09', '--topic', 'stripe'], '--topic'],
    [['run', '--date', '2026-11-09', '--type', 'topic_focus', '--topic', '../etc'], '--topic'],
    [['ingest', '--date', '2026-11-09', '--dry-run'], 'run'],
    [['run', '--date', '2026-02-30'], 'YYYY-MM-DD'],
    [['publish', '--date', '2026-11-09'], 'unknown command'],
    [['run', '--date', '2026-11-09', '--jsno'], '--jsno'],
    [['doctor', '--date', '2026-11-09'], '--date'],
    [['runs', '--limit', '0'], '--limit'],
    [['runs', '--id', 'x'], '--id'],
  ])('rejects %j with one line naming %s', (argv, named) => {
    expect(parseArgs(argv)).toMatchObject({ ok: false, error: expect.stringContaining(named) });
  });

  it('answers help for no command', () => {
    expect(parseArgs([])).toMatchObject({ ok: true, args: { command: 'help' } });
  });

  it('rejects bad input with one clear line', () => {
    expect(parseArgs(['run'])).toEqual({
      ok: false,
      error: 'run needs --date YYYY-MM-DD (a local day in STREAM_TIMEZONE)',
    });
    expect(parseArgs(['run', '--date', '09/11/2026'])).toMatchObject({ ok: false });
    expect(parseArgs(['run', '--date'])).toMatchObject({ ok: false, error: '--date needs a value: --date YYYY-MM-DD' });
  });

  it('reads doctor and runs, which take no date', () => {
    expect(parseArgs(['doctor'])).toMatchObject({ ok: true, args: { command: 'doctor', reach: false, json: false } });
    expect(parseArgs(['doctor', '--reach', '--json'])).toMatchObject({ ok: true, args: { reach: true, json: true } });
    expect(parseArgs(['runs', '--limit', '5'])).toMatchObject({ ok: true, args: { command: 'runs', limit: 5 } });
    expect(parseArgs(['runs', '--id=run_0123456789abcdef'])).toMatchObject({
      ok: true,
      args: { id: 'run_0123456789abcdef' },
    });
    expect(parseArgs(['run', '--date', '2026-11-09', '--reach'])).toMatchObject({ ok: false });
  });
});
