import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { workerDeps } from '../../../pipeline/src/deps.ts';
import { type Job, jobs } from '../../../pipeline/src/jobs/registry.ts';
import { type Logger, withRun } from '../../../pipeline/src/ports.ts';
import { MAX_FAILURES, RunRecordStore } from '../../../store/runs/run-records.ts';

type Sent = QueueMessage;
const job = <T extends Sent['type']>(type: T) => jobs[type] as Job<T>;

describe('run ids and run records in the Worker', () => {
  it('one ingest_day chain is one run: the id rides every message, ingest starts the record, publish completes it', async () => {
    const sent: Sent[] = [];
    const workerEnv = {
      ...env,
      STREAM_TIMEZONE: 'America/Mexico_City',
      PIPELINE_QUEUE: { send: async (message: unknown) => void sent.push(QueueMessage.parse(message)) },
    } as unknown as Env;
    const deps = workerDeps(workerEnv);
    const date = '2026-11-05';
    await job('ingest_day')(
      { type: 'ingest_day', date, trigger: 'cron', force: false, enqueued_at: new Date().toISOString() },
      deps,
    );
    const items = sent.splice(0).filter((m) => m.type === 'process_item');
    expect(items.length).toBeGreaterThan(1);
    const runId = items[0]?.run_id ?? '';
    expect(runId).toMatch(/^run_[0-9a-f-]{36}$/);
    expect(new Set(items.map((m) => m.run_id))).toEqual(new Set([runId]));

    const store = new RunRecordStore(env.DB);
    expect(await store.get(runId)).toMatchObject({
      trigger: 'cron',
      period: { start: date, end: date },
      status: 'running',
      finished_at: null,
    });

    for (const message of items) await job('process_item')(message, deps);
    const publish = sent.splice(0).filter((m) => m.type === 'publish_post');
    expect(publish).toEqual([expect.objectContaining({ type: 'publish_post', run_id: runId })]);
    await job('publish_post')(publish[0] as Extract<Sent, { type: 'publish_post' }>, deps);

    const record = await store.get(runId);
    expect(record).toMatchObject({ status: 'completed', trigger: 'cron', ai_budget: null });
    expect(record?.items_seen).toBe(items.length);
    expect(record?.ready).toBe(items.length);
    expect(record?.transcribed).toBe(items.length);
    expect(record?.matched).toBeGreaterThan(0);
    expect(record?.posts).toEqual([expect.objectContaining({ path: expect.stringContaining(date) })]);
    expect(record?.finished_at).not.toBeNull();
    expect((await store.list(10)).map((r) => r.run_id)).toContain(runId);
  });

  it('messages sent before run ids existed still parse, and a bad run id does not', () => {
    const old = { type: 'process_item', content_item_id: 'abc', enqueued_at: '2026-11-05T00:00:00Z' };
    expect(QueueMessage.parse(old)).toEqual(old);
    expect(QueueMessage.safeParse({ ...old, run_id: 'nope' }).success).toBe(false);
  });

  it('keeps at most MAX_FAILURES failures, newest runs first, and a second start keeps the first', async () => {
    const store = new RunRecordStore(env.DB);
    const period = { start: '2026-01-01', end: '2026-01-01' };
    await store.start({ run_id: 'run_test-older', trigger: 'cli', period }, 1_000);
    await store.start({ run_id: 'run_test-newer', trigger: 'api', period }, 2_000);
    await store.start({ run_id: 'run_test-older', trigger: 'cron', period }, 3_000);
    const failures = Array.from({ length: 30 }, (_, i) => ({
      step: 'process_item',
      code: 'upstream_timeout',
      message: `m${i}`,
    }));
    await store.complete(
      'run_test-older',
      { trigger: 'cli', period },
      {
        status: 'failed',
        items_seen: 3,
        transcribed: 2,
        matched: 1,
        ready: 1,
        failed: 2,
        failures,
        posts: [],
        pull_requests: [],
        notification: null,
        ai_budget: { day: '2026-01-01', used_units: 42, limit_units: 10_000 },
      },
      4_000,
    );
    const older = await store.get('run_test-older');
    expect(older).toMatchObject({ trigger: 'cli', status: 'failed', started_at: new Date(1_000).toISOString() });
    expect(older?.failures).toHaveLength(MAX_FAILURES);
    expect(older?.ai_budget?.used_units).toBe(42);
    const listed = (await store.list(500)).map((r) => r.run_id);
    expect(listed.indexOf('run_test-newer')).toBeLessThan(listed.indexOf('run_test-older'));
  });

  it('withRun puts run_id on every line, under the caller meta', () => {
    const lines: unknown[] = [];
    const base: Logger = {
      info: (m, meta) => lines.push([m, meta]),
      warn: (m, meta) => lines.push([m, meta]),
      error: (m, meta) => lines.push([m, meta]),
    };
    let current: string | null = null;
    const log = withRun(base, () => current);
    log.info('before');
    current = 'run_abcdefgh';
    log.warn('during', { date: '2026-11-05' });
    expect(lines).toEqual([
      ['before', {}],
      ['during', { run_id: 'run_abcdefgh', date: '2026-11-05' }],
    ]);
  });
});
