import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { streamOffline } from '../../../pipeline/src/jobs/stream-offline.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { fakeServiceVars, testClock, testDeps } from '../helpers/deps.ts';

const twitch = new ServerControl(env.TWITCH_TEST_SERVER, crypto.randomUUID());

afterEach(async () => {
  await twitch.assertNoUnexpected();
  await twitch.reset();
});

function ingestMessages(sent: QueueMessage[]) {
  return sent.filter((m): m is Extract<QueueMessage, { type: 'ingest_day' }> => m.type === 'ingest_day');
}

describe('stream.offline → ingest_day', () => {
  it('queues the local day the recent VOD started on, as one named run', async () => {
    // The fixture's latest VOD started 2026-11-09T22:00:05Z: 16:00 on Nov 9 in Mexico City.
    const { deps, queue } = testDeps(fakeServiceVars(twitch.url), testClock('2026-11-10T03:00:00Z'));
    expect(await streamOffline(deps)).toEqual(['2026-11-09']);
    const [message, ...rest] = ingestMessages(queue.sent);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({ type: 'ingest_day', date: '2026-11-09', trigger: 'stream_offline' });
    expect(QueueMessage.parse(message)).toEqual(message);
    expect(message?.run_id).toMatch(/^run_/);
  });

  it('queues today and yesterday without a recent VOD, each its own run', async () => {
    const { deps, queue } = testDeps(fakeServiceVars(twitch.url), testClock('2026-11-20T18:00:00Z'));
    expect(await streamOffline(deps)).toEqual(['2026-11-20', '2026-11-19']);
    const messages = ingestMessages(queue.sent);
    expect(messages.map((m) => m.date)).toEqual(['2026-11-20', '2026-11-19']);
    expect(new Set(messages.map((m) => m.run_id)).size).toBe(2);
    expect(messages.every((m) => m.run_id?.startsWith('run_'))).toBe(true);
  });
});
