import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { receiveEventSub } from '../../../pipeline/src/twitch/eventsub-receiver.ts';
import { signHmacSha256 } from '../../../store/web-crypto.ts';
import { InboundDeliveryStore } from '../../../store/webhooks/inbound-deliveries.ts';
import { recordingLog, recordingQueue, testClock } from '../helpers/deps.ts';

const SECRET = 'eventsub-secret-0123456789';
const OLD_SECRET = 'eventsub-secret-being-rotated-out';
const NOW = '2026-11-10T01:45:00Z';

/** Twitch signs the message id and timestamp headers, then the body. */
function sign(secret: string, id: string, timestamp: string, body: string): Promise<string> {
  return signHmacSha256(secret, id + timestamp + body);
}

function offlineBody(broadcaster = '918273645'): string {
  return JSON.stringify({
    subscription: {
      id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4',
      type: 'stream.offline',
      version: '1',
      status: 'enabled',
    },
    event: {
      broadcaster_user_id: broadcaster,
      broadcaster_user_login: 'codewithmara',
      broadcaster_user_name: 'CodeWithMara',
    },
  });
}

async function deliver(
  options: { id?: string; type?: string; body?: string; timestamp?: string; secret?: string } = {},
) {
  const id = options.id ?? crypto.randomUUID();
  const body = options.body ?? offlineBody();
  const timestamp = options.timestamp ?? '2026-11-10T01:44:30.123456789Z';
  const queue = recordingQueue();
  const request = new Request('https://pipeline.example/webhooks/twitch', {
    method: 'POST',
    headers: {
      'Twitch-Eventsub-Message-Id': id,
      'Twitch-Eventsub-Message-Timestamp': timestamp,
      'Twitch-Eventsub-Message-Type': options.type ?? 'notification',
      'Twitch-Eventsub-Message-Signature': await sign(options.secret ?? SECRET, id, timestamp, body),
      'Twitch-Eventsub-Subscription-Type': 'stream.offline',
      'Content-Type': 'application/json',
    },
    body,
  });
  const response = await receiveEventSub(request, {
    deliveries: new InboundDeliveryStore(env.DB),
    queue,
    clock: testClock(NOW),
    log: recordingLog(),
    secrets: [SECRET, OLD_SECRET],
    broadcasterId: '918273645',
  });
  return { response, sent: queue.sent, id };
}

describe('Twitch EventSub receiver', () => {
  it('answers the verification challenge with the challenge as plain text', async () => {
    const body = JSON.stringify({
      challenge: 'pogchamp-kappa-360noscope-vohiyo',
      subscription: { type: 'stream.offline' },
    });
    const { response } = await deliver({ type: 'webhook_callback_verification', body });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('pogchamp-kappa-360noscope-vohiyo');
  });

  it('queues ingestion once for stream.offline of our channel, and acks a redelivery without queueing again', async () => {
    const first = await deliver({ id: 'msg-offline-1' });
    expect(first.response.status).toBe(204);
    expect(first.sent).toEqual([
      {
        type: 'stream_offline',
        broadcaster_id: '918273645',
        eventsub_message_id: 'msg-offline-1',
        enqueued_at: '2026-11-10T01:45:00.000Z',
      },
    ]);
    const again = await deliver({ id: 'msg-offline-1' });
    expect(again.response.status).toBe(204);
    expect(again.sent).toEqual([]);
  });

  it('accepts a message signed with the secret being rotated out', async () => {
    const { response, sent } = await deliver({ secret: OLD_SECRET });
    expect(response.status).toBe(204);
    expect(sent).toHaveLength(1);
  });

  it('rejects a bad signature and a body changed after signing', async () => {
    const wrong = await deliver({ secret: 'not-the-secret' });
    expect(wrong.response.status).toBe(401);
    expect(((await wrong.response.json()) as { code: string }).code).toBe('invalid_signature');
    expect(wrong.sent).toEqual([]);
    const id = 'msg-tampered';
    const timestamp = '2026-11-10T01:44:30Z';
    const request = new Request('https://pipeline.example/webhooks/twitch', {
      method: 'POST',
      headers: {
        'Twitch-Eventsub-Message-Id': id,
        'Twitch-Eventsub-Message-Timestamp': timestamp,
        'Twitch-Eventsub-Message-Type': 'notification',
        'Twitch-Eventsub-Message-Signature': await sign(SECRET, id, timestamp, offlineBody()),
      },
      body: offlineBody('123'),
    });
    const queue = recordingQueue();
    const response = await receiveEventSub(request, {
      deliveries: new InboundDeliveryStore(env.DB),
      queue,
      clock: testClock(NOW),
      log: recordingLog(),
      secrets: [SECRET],
      broadcasterId: '918273645',
    });
    expect(response.status).toBe(401);
    expect(queue.sent).toEqual([]);
  });

  it('rejects a correctly signed message older than ten minutes (a replay)', async () => {
    const { response, sent } = await deliver({ timestamp: '2026-11-10T01:34:59Z' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('stale_message');
    expect(sent).toEqual([]);
  });

  it('acknowledges a revocation and another channel going offline without queueing anything', async () => {
    const revoked = await deliver({
      type: 'revocation',
      body: JSON.stringify({ subscription: { type: 'stream.offline', status: 'authorization_revoked' } }),
    });
    expect(revoked.response.status).toBe(204);
    expect(revoked.sent).toEqual([]);
    const other = await deliver({ body: offlineBody('5550001') });
    expect(other.response.status).toBe(204);
    expect(other.sent).toEqual([]);
  });

  it('is mounted at /webhooks/twitch and says so clearly when no secret is configured', async () => {
    const response = await exports.default.fetch('https://pipeline.example/webhooks/twitch', {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe('webhook_not_configured');
  });

  it.each(['null', '42', '"text"', '[]', '[{"challenge":"x"}]'])(
    'answers a signed %s body with a 4xx problem, never a 500',
    async (body) => {
      for (const type of ['notification', 'webhook_callback_verification', 'revocation']) {
        const { response, sent } = await deliver({ body, type });
        expect(response.status, type).toBe(400);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(sent).toEqual([]);
      }
    },
  );

  it('refuses a body over 64 KiB while streaming it, and one declared over 64 KiB unread', async () => {
    const id = 'msg-oversized';
    const timestamp = '2026-11-10T01:44:30Z';
    const headers = {
      'Twitch-Eventsub-Message-Id': id,
      'Twitch-Eventsub-Message-Timestamp': timestamp,
      'Twitch-Eventsub-Message-Type': 'notification',
      'Twitch-Eventsub-Message-Signature': await sign(SECRET, id, timestamp, offlineBody()),
    };
    const deps = {
      deliveries: new InboundDeliveryStore(env.DB),
      queue: recordingQueue(),
      clock: testClock(NOW),
      log: recordingLog(),
      secrets: [SECRET],
      broadcasterId: '918273645',
    };
    const chunk = 16 * 1024;
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 16 * 1024 * 1024) return controller.close();
        pulled += chunk;
        controller.enqueue(new Uint8Array(chunk).fill(0x20));
      },
    });
    const streamed = await receiveEventSub(new Request(URL_TWITCH, { method: 'POST', headers, body: stream }), deps);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(64 * 1024 + 3 * chunk);

    pulled = 0;
    const declared = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk;
        controller.enqueue(new Uint8Array(chunk));
      },
    });
    const refused = await receiveEventSub(
      new Request(URL_TWITCH, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(1024 * 1024) },
        body: declared,
      }),
      deps,
    );
    expect(refused.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(chunk);
  });
});

const URL_TWITCH = 'https://pipeline.example/webhooks/twitch';
