import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { inRun, queueDeps, workerDeps } from '../../../pipeline/src/deps.ts';
import { dispatchBatch } from '../../../pipeline/src/queue/dispatch.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { fakeServiceVars } from '../helpers/deps.ts';

/** The Worker's wiring (`pipeline/src/deps.ts`): built once per `env`, shared by every message. */
const twitch = new ServerControl(env.TWITCH_TEST_SERVER, crypto.randomUUID());

afterAll(async () => {
  await twitch.assertNoUnexpected();
});

function workerEnv(sent: QueueMessage[]): Env {
  return {
    ...env,
    ...fakeServiceVars(twitch.url),
    PIPELINE_QUEUE: { send: async (message: QueueMessage) => void sent.push(message) },
  } as unknown as Env;
}

async function deliver(target: Env, id: string, body: QueueMessage) {
  const batch = createMessageBatch<unknown>('streamlog-pipeline', [{ id, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await dispatchBatch(batch, queueDeps(target));
  return getQueueResult(batch, ctx);
}

describe('the Worker wiring', () => {
  it('builds the deps once per env and again for another env', () => {
    const one = workerEnv([]);
    expect(workerDeps(one)).toBe(workerDeps(one));
    expect(queueDeps(one).jobDeps()).toBe(workerDeps(one));
    expect(workerDeps(workerEnv([]))).not.toBe(workerDeps(one));
  });

  it('mints one Twitch app token for two queue messages in the same isolate', async () => {
    const sent: QueueMessage[] = [];
    const target = workerEnv(sent);
    const offline = { type: 'stream_offline', broadcaster_id: '918273645', enqueued_at: new Date().toISOString() };
    for (const id of ['offline-1', 'offline-2']) {
      const result = await deliver(target, id, { ...offline, eventsub_message_id: id } as QueueMessage);
      expect(result.explicitAcks).toEqual([id]);
    }
    expect(sent.filter((m) => m.type === 'ingest_day').length).toBeGreaterThanOrEqual(2);
    expect(await twitch.requests('/helix/videos')).toHaveLength(2);
    expect(await twitch.requests('/oauth2/token')).toHaveLength(1);
  });

  it('puts the run id on every line logged inside a run, the shared adapters included', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const deps = workerDeps(workerEnv([]));
      await inRun('run_test-wiring', async () => deps.log.info('inside', { n: 1 }));
      deps.log.info('outside');
      expect(log.mock.calls).toEqual([
        ['inside', { run_id: 'run_test-wiring', n: 1 }],
        ['outside', {}],
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
