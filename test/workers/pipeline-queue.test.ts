import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { StreamlogError } from '../../core/errors.ts';
import { QueueMessage } from '../../core/schemas/queue-message.ts';
import { queueDeps, workerDeps } from '../../pipeline/src/deps.ts';
import type { JobRegistry } from '../../pipeline/src/jobs/registry.ts';
import { DEAD_LETTER_QUEUE, dispatchBatch } from '../../pipeline/src/queue/dispatch.ts';
import { runSchedule } from '../../pipeline/src/schedule.ts';

const QUEUE = 'streamlog-pipeline';
let sequence = 0;

function message(body: unknown, attempts = 1) {
  sequence += 1;
  return { id: `msg-${sequence}`, timestamp: new Date('2026-11-10T02:00:00Z'), attempts, body };
}

const ingest = (date = '2026-11-09'): QueueMessage => ({
  type: 'ingest_day',
  date,
  trigger: 'cli',
  force: false,
  enqueued_at: '2026-11-10T02:00:00Z',
});

async function run(messages: ReturnType<typeof message>[], registry: JobRegistry, queue = QUEUE) {
  const batch = createMessageBatch(queue, messages);
  const ctx = createExecutionContext();
  await dispatchBatch(batch, queueDeps(env), registry);
  return getQueueResult(batch, ctx);
}

async function deadLetter(messageId: string) {
  return env.DB.prepare('SELECT queue, body, attempts FROM dead_letters WHERE message_id = ?1')
    .bind(messageId)
    .first<{ queue: string; body: string; attempts: number }>();
}

describe('queue dispatcher', () => {
  it('runs each message through the job for its type and acks it', async () => {
    const seen: string[] = [];
    const m = message(ingest());
    const result = await run([m], { ingest_day: async (msg) => void seen.push(msg.date) });
    expect(seen).toEqual(['2026-11-09']);
    expect(result.explicitAcks).toEqual([m.id]);
    expect(result.retryMessages).toEqual([]);
  });

  it('retries a retryable failure and settles the others in the batch on their own', async () => {
    const failing = message(ingest('2026-11-08'), 3);
    const fine = message(ingest('2026-11-09'));
    const result = await run([failing, fine], {
      ingest_day: async (msg) => {
        if (msg.date === '2026-11-08') throw new StreamlogError('storage_failed', 'D1 unavailable');
      },
    });
    expect(result.retryMessages).toEqual([{ msgId: failing.id }]);
    expect(result.explicitAcks).toEqual([fine.id]);
  });

  it('dead-letters a non-retryable failure instead of acking it silently', async () => {
    const m = message(ingest());
    const result = await run([m], {
      ingest_day: async () => {
        throw new StreamlogError('configuration_error', 'TWITCH_CLIENT_ID is set but TWITCH_CLIENT_SECRET is not');
      },
    });
    expect(result.explicitAcks).toEqual([m.id]);
    const row = await deadLetter(m.id);
    expect(JSON.parse(row?.body ?? '{}').reason).toBe('configuration_error');
  });

  it('dead-letters a malformed message and a type with no job, and records each once', async () => {
    const bad = message({ type: 'ingest_day', date: '09/11/2026' });
    const unknown = message({ type: 'delete_everything' });
    const noJob = message(ingest());
    await run([bad, unknown, noJob], {});
    await run([bad], {});
    expect(JSON.parse((await deadLetter(bad.id))?.body ?? '{}').reason).toBe('invalid_message');
    expect(JSON.parse((await deadLetter(unknown.id))?.body ?? '{}').reason).toBe('invalid_message');
    expect(JSON.parse((await deadLetter(noJob.id))?.body ?? '{}').reason).toBe('unsupported_message');
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM dead_letters WHERE message_id = ?1')
      .bind(bad.id)
      .first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it('records what arrives on the dead-letter queue', async () => {
    const m = message(ingest(), 6);
    const result = await run([m], {}, DEAD_LETTER_QUEUE);
    expect(result.explicitAcks).toEqual([m.id]);
    expect(await deadLetter(m.id)).toMatchObject({ queue: DEAD_LETTER_QUEUE, attempts: 6 });
  });
});

describe('cron schedule', () => {
  it('closes the previous local day on the daily trigger and sweeps today hourly', async () => {
    const sent: unknown[] = [];
    const queue = { send: async (body: unknown) => void sent.push(body) } as unknown as Queue;
    const testEnv = { ...env, STREAM_TIMEZONE: 'America/Mexico_City', PIPELINE_QUEUE: queue };
    // 2026-11-10T09:30Z is 03:30 on Nov 10 in Mexico City.
    const scheduledTime = Date.parse('2026-11-10T09:30:00Z');
    await runSchedule(createScheduledController({ cron: '30 9 * * *', scheduledTime }), workerDeps(testEnv));
    await runSchedule(createScheduledController({ cron: '17 * * * *', scheduledTime }), workerDeps(testEnv));
    expect(sent).toMatchObject([
      { type: 'ingest_day', date: '2026-11-09', trigger: 'cron' },
      { type: 'ingest_day', date: '2026-11-10', trigger: 'cron' },
    ]);
    // Each trigger names its run, so a redelivery of the message is the same run, not a second one.
    const runIds = (sent as { run_id?: string }[]).map((m) => m.run_id);
    expect(
      runIds.every((id) => id !== undefined && QueueMessage.safeParse({ ...(sent[0] as object), run_id: id }).success),
    ).toBe(true);
    expect(new Set(runIds).size).toBe(2);
  });
});
