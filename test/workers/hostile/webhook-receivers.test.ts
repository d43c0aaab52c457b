import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStreamlogError } from '../../../core/errors.ts';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { signGitHubBody } from '../../../pipeline/src/github/signature.ts';
import { handleGitHubWebhook } from '../../../pipeline/src/github/webhook.ts';
import { runGitHubDelivery } from '../../../pipeline/src/jobs/github-delivery.ts';
import { receiveEventSub } from '../../../pipeline/src/twitch/eventsub-receiver.ts';
import { signHmacSha256 } from '../../../store/web-crypto.ts';
import { InboundDeliveryStore } from '../../../store/webhooks/inbound-deliveries.ts';
import pushBody from '../../fixtures/github/webhook-push.json?raw';
import { hostileHeaderValue, hostileText, hostileValue, PROTOTYPE_KEYS } from '../../lib/hostile-text.ts';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';
import { GITHUB_TEST_START } from '../github/helpers.ts';
import { recordingLog, recordingQueue, SAMPLE_VARS, type TestDeps, testClock, testDeps } from '../helpers/deps.ts';

/**
 * The two webhook receivers of the pipeline Worker (GitHub, Twitch EventSub) in workerd, on real
 * local D1 and R2, under hostile deliveries. Invariants: never a 5xx; an error is problem+json;
 * nothing is queued or stored unless the delivery is correctly signed; a correctly signed body that
 * is not a JSON object is a 4xx; what was stored before is still there afterwards; and whatever a
 * signed GitHub delivery queued, its job ends in a result or a StreamlogError, never a crash.
 */
const runs = (bounded: number) => propertyRuns(bounded, env.FC_RUNS);
const GITHUB_SECRETS = ['current-webhook-secret-0123', 'previous-webhook-secret-4567'];
const EVENTSUB_SECRET = 'eventsub-secret-0123456789';
const BROADCASTER = '918273645';
const NOW = '2026-11-10T01:45:00Z';
const encoder = new TextEncoder();

const hex = (length: number) =>
  fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${length}}$`)).map((digits) => `sha256=${digits}`);
const badSignature = fc.oneof(
  hex(64),
  hex(63),
  hex(66),
  fc.constantFrom('sha1=4e8b2e64bf307eb8114c7dcc8bfe753df268f7bc', 'sha256=', 'SHA256=', 'sha512=00', ''),
  hostileHeaderValue,
);

/** A body as bytes: hostile JSON values, text, bytes that are not UTF-8, the push fixture changed in one field. */
const hostileBody = fc.oneof(
  hostileValue.map((value) => encoder.encode(JSON.stringify(value) ?? '')),
  hostileText.map((text) => encoder.encode(text)),
  fc.uint8Array({ maxLength: 200 }),
  fc
    .tuple(
      fc.constantFrom('ref', 'after', 'deleted', 'repository', 'commits', 'head_commit', 'sender', ...PROTOTYPE_KEYS),
      hostileValue,
    )
    .map(([key, value]) => {
      const push = JSON.parse(pushBody) as Record<string, unknown>;
      Object.defineProperty(push, key, { value, enumerable: true, writable: true, configurable: true });
      return encoder.encode(JSON.stringify(push));
    }),
  fc
    .constantFrom('', 'payload=%7B%22ref%22%3A%22x%22%7D', `${pushBody}}`, '{"a":1e999}', '\ufeff{}')
    .map((text) => encoder.encode(text)),
);

function isJsonObject(bytes: Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Never a 5xx; an error is a problem document with a stable code. */
async function expectAnswer(response: Response): Promise<void> {
  expect(response.status, 'a 5xx for hostile input').toBeLessThan(500);
  if (response.status < 400) return;
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as { status: number; code: string };
  expect(problem.status).toBe(response.status);
  expect(problem.code).toMatch(/^[a-z][a-z0-9_]*$/);
}

/** Rows claimed and raw bodies kept: what a delivery leaves behind. */
async function stored(): Promise<{ claims: number; bodies: number }> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM inbound_deliveries').first<{ n: number }>();
  const listed = await env.ARTIFACTS.list({ prefix: 'github-webhooks/' });
  return { claims: row?.n ?? -1, bodies: listed.objects.length };
}

function githubRequest(body: Uint8Array, headers: Headers): Request {
  return new Request('https://pipeline.example/webhooks/github', { method: 'POST', headers, body });
}

function githubDeps(queue = recordingQueue()) {
  return { ...jobDeps(), queue, deliveries: new InboundDeliveryStore(env.DB) };
}

function jobDeps(): TestDeps {
  return testDeps(SAMPLE_VARS, testClock(GITHUB_TEST_START)).deps;
}

/**
 * A real delivery (the push fixture, made unique by trailing spaces: still the same JSON) stored
 * before the hostile ones; the returned check says it is still there afterwards, and still a duplicate.
 */
async function storeRealDelivery(n: number) {
  const body = new Uint8Array(encoder.encode(`${pushBody}${' '.repeat(n)}`));
  const headers = new Headers({
    'x-github-event': 'push',
    'x-github-delivery': `real-delivery-${n}`,
    'x-hub-signature-256': await signGitHubBody(body, GITHUB_SECRETS[0] ?? ''),
  });
  const deps = githubDeps();
  expect((await handleGitHubWebhook(githubRequest(body, headers), deps, GITHUB_SECRETS)).status).toBe(202);
  return async () => {
    const again = await handleGitHubWebhook(githubRequest(body, headers), githubDeps(), GITHUB_SECRETS);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    const message = deps.queue.sent[0];
    if (message?.type !== 'github_delivery') throw new Error('the real delivery was not queued');
    expect(await deps.artifacts.getText(message.payload_r2_key)).toBe(new TextDecoder().decode(body));
  };
}

describe('GitHub webhook receiver under hostile deliveries', { timeout: propertyTimeout(runs(100)) }, () => {
  it('stores and queues nothing for a delivery that is not correctly signed, and keeps what it had', async () => {
    const stillStored = await storeRealDelivery(1);
    const before = await stored();
    const deps = githubDeps();
    await fc.assert(
      fc.asyncProperty(
        hostileBody,
        fc.array(
          fc.oneof(
            badSignature.map((v) => ['x-hub-signature-256', v] as const),
            fc.constantFrom('push', 'pull_request', 'ping', 'issues').map((v) => ['x-github-event', v] as const),
            hostileHeaderValue.map((v) => ['x-github-event', v] as const),
            fc.oneof(fc.uuid(), hostileHeaderValue).map((v) => ['x-github-delivery', v] as const),
            fc
              .constantFrom('abc', '-1', '1e3', '99999999999999999999', '30000000')
              .map((v) => ['content-length', v] as const),
          ),
          { maxLength: 6 },
        ),
        async (body, pairs) => {
          const headers = new Headers();
          for (const [name, value] of pairs) headers.append(name, value);
          const response = await handleGitHubWebhook(githubRequest(body, headers), deps, GITHUB_SECRETS);
          await expectAnswer(response);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(deps.queue.sent).toEqual([]);
          expect(await stored()).toEqual(before);
        },
      ),
      { numRuns: runs(100) },
    );
    await stillStored();
  });

  it('refuses a correctly signed body that is not a JSON object, and runs every queued delivery to a result or a StreamlogError', async () => {
    const stillStored = await storeRealDelivery(2);
    const job = jobDeps();
    await fc.assert(
      fc.asyncProperty(
        hostileBody,
        fc.oneof(fc.constantFrom('push', 'pull_request', 'issues', 'release', 'create', 'ping'), hostileHeaderValue),
        fc.oneof(fc.uuid(), hostileHeaderValue),
        fc.constantFrom(...GITHUB_SECRETS),
        async (body, event, delivery, secret) => {
          const queue = recordingQueue();
          const before = await stored();
          const headers = new Headers({
            'x-github-event': event,
            'x-github-delivery': delivery,
            'x-hub-signature-256': await signGitHubBody(new Uint8Array(body), secret),
          });
          const response = await handleGitHubWebhook(githubRequest(body, headers), githubDeps(queue), GITHUB_SECRETS);
          await expectAnswer(response);
          const after = await stored();
          if (response.status !== 202) {
            expect(queue.sent).toEqual([]);
            expect(after.bodies).toBe(before.bodies);
          }
          if (!isJsonObject(body)) expect(response.status).toBeGreaterThanOrEqual(400);
          expect(queue.sent.length).toBe(response.status === 202 ? 1 : 0);
          for (const message of queue.sent) await expectJobSettles(job, message);
        },
      ),
      { numRuns: runs(100) },
    );
    await stillStored();
  });
});

describe('GitHub webhook receiver regressions found by the properties', () => {
  // Found by the property above: a correctly signed body that is not JSON was answered 202 (or 200
  // as a duplicate) and queued, only to fail in the job. Now it is refused before anything is kept.
  it.each([
    ['text', 'a'.repeat(40)],
    ['a form-encoded delivery', 'payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmain%22%7D'],
    ['truncated JSON', pushBody.slice(0, 200)],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
  ])('answers 400 invalid_payload to a correctly signed %s and keeps nothing', async (_, text) => {
    const before = await stored();
    const queue = recordingQueue();
    const headers = new Headers({
      'x-github-event': 'push',
      'x-github-delivery': crypto.randomUUID(),
      'x-hub-signature-256': await signGitHubBody(text, GITHUB_SECRETS[0] ?? ''),
    });
    const response = await handleGitHubWebhook(
      githubRequest(encoder.encode(text), headers),
      githubDeps(queue),
      GITHUB_SECRETS,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_payload' });
    expect(queue.sent).toEqual([]);
    expect(await stored()).toEqual(before);
  });
});

/** A queued delivery's job either stores what it understood or fails with a code the queue can act on. */
async function expectJobSettles(deps: TestDeps, message: QueueMessage): Promise<void> {
  if (message.type !== 'github_delivery') throw new Error(`unexpected ${message.type}`);
  try {
    await runGitHubDelivery(deps, message);
  } catch (error) {
    expect(isStreamlogError(error), String(error)).toBe(true);
  }
}

/** Twitch signs the message id and timestamp headers, then the body. */
function eventSubSignature(secret: string, id: string, timestamp: string, body: Uint8Array): Promise<string> {
  return signHmacSha256(secret, new Uint8Array([...encoder.encode(id + timestamp), ...body]));
}

function offlineBody(broadcaster: unknown, type: unknown = 'stream.offline'): Record<string, unknown> {
  return {
    subscription: { id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', type, version: '1', status: 'enabled' },
    event: { broadcaster_user_id: broadcaster, broadcaster_user_login: 'codewithmara' },
  };
}

/** EventSub bodies: the real shape with hostile parts, a challenge, or any hostile body at all. */
const eventSubBody = fc.oneof(
  fc
    .tuple(fc.oneof(fc.constant(BROADCASTER), hostileValue), fc.oneof(fc.constant('stream.offline'), hostileValue))
    .map(([broadcaster, type]) => encoder.encode(JSON.stringify(offlineBody(broadcaster, type)))),
  hostileValue.map((challenge) => encoder.encode(JSON.stringify({ challenge, subscription: {} }))),
  hostileBody,
);
const messageType = fc.oneof(
  fc.constantFrom('notification', 'webhook_callback_verification', 'revocation'),
  hostileHeaderValue,
);

function eventSubRequest(headers: Headers, body: Uint8Array): Request {
  return new Request('https://pipeline.example/webhooks/twitch', { method: 'POST', headers, body });
}

function eventSubDeps(queue = recordingQueue()) {
  return {
    deliveries: new InboundDeliveryStore(env.DB),
    queue,
    clock: testClock(NOW),
    log: recordingLog(),
    secrets: [EVENTSUB_SECRET],
    broadcasterId: BROADCASTER,
  };
}

describe('Twitch EventSub receiver regressions found by the properties', () => {
  // Found by the long form: a signed revocation whose subscription type or status was an object
  // with its own `toString` key made the receiver's log line throw, a 500.
  it.each([
    ['a string toString', { toString: 'x' }],
    ['null toString and valueOf', { toString: null, valueOf: null }],
    ['an array', ['stream.offline']],
  ])('acknowledges a revocation whose subscription type is an object with %s', async (_, type) => {
    const queue = recordingQueue();
    const body = encoder.encode(JSON.stringify({ subscription: { type, status: type }, event: {} }));
    const headers = new Headers({
      'twitch-eventsub-message-id': crypto.randomUUID(),
      'twitch-eventsub-message-timestamp': NOW,
      'twitch-eventsub-message-type': 'revocation',
    });
    const id = headers.get('twitch-eventsub-message-id') ?? '';
    headers.set('twitch-eventsub-message-signature', await eventSubSignature(EVENTSUB_SECRET, id, NOW, body));
    const response = await receiveEventSub(eventSubRequest(headers, body), eventSubDeps(queue));
    expect(response.status).toBe(204);
    expect(queue.sent).toEqual([]);
  });
});

describe('Twitch EventSub receiver under hostile messages', { timeout: propertyTimeout(runs(100)) }, () => {
  it('queues and claims nothing for a message that is not correctly signed', async () => {
    const queue = recordingQueue();
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(
        eventSubBody,
        fc.oneof(fc.uuid(), hostileHeaderValue),
        fc.oneof(fc.constant('2026-11-10T01:44:30Z'), hostileHeaderValue),
        badSignature,
        messageType,
        async (body, id, timestamp, signature, type) => {
          const headers = new Headers({
            'twitch-eventsub-message-id': id,
            'twitch-eventsub-message-timestamp': timestamp,
            'twitch-eventsub-message-signature': signature,
            'twitch-eventsub-message-type': type,
          });
          const response = await receiveEventSub(eventSubRequest(headers, body), eventSubDeps(queue));
          await expectAnswer(response);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(queue.sent).toEqual([]);
          expect(await stored()).toEqual(before);
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it('answers a correctly signed message below 500, refuses a body that is not a JSON object, and queues a stream going offline once', async () => {
    await fc.assert(
      fc.asyncProperty(
        eventSubBody,
        fc.oneof(
          fc.uuid(),
          hostileHeaderValue.filter((id) => id.trim() !== ''),
        ),
        fc.oneof(
          fc.integer({ min: -9 * 60, max: 9 * 60 }).map((s) => new Date(Date.parse(NOW) + s * 1000).toISOString()),
          fc.constantFrom('2026-11-10T01:20:00Z', 'yesterday', '1e999', '2026-11-10T01:45:00+99:00'),
          hostileHeaderValue,
        ),
        messageType,
        async (body, id, timestamp, type) => {
          const queue = recordingQueue();
          const headers = new Headers({
            'twitch-eventsub-message-id': id,
            'twitch-eventsub-message-timestamp': timestamp,
            'twitch-eventsub-message-type': type,
          });
          // Signed over the values as they arrive (a header value loses its outer whitespace).
          const sentId = headers.get('twitch-eventsub-message-id') ?? '';
          const sentTime = headers.get('twitch-eventsub-message-timestamp') ?? '';
          const signature = await eventSubSignature(EVENTSUB_SECRET, sentId, sentTime, body);
          headers.set('twitch-eventsub-message-signature', signature);
          const response = await receiveEventSub(eventSubRequest(headers, body), eventSubDeps(queue));
          await expectAnswer(response);
          const fresh = Math.abs(Date.parse(sentTime) - Date.parse(NOW)) <= 10 * 60 * 1000;
          if (fresh && sentId.length <= 100 && !isJsonObject(body)) expect(response.status).toBe(400);
          expect(queue.sent.length).toBeLessThanOrEqual(1);
          if (queue.sent.length === 1) {
            expect(type).toBe('notification');
            expect(queue.sent[0]).toMatchObject({ type: 'stream_offline', broadcaster_id: BROADCASTER });
          }
          // Twitch redelivers the same message: acknowledged, never queued twice.
          const again = await receiveEventSub(eventSubRequest(headers, body), eventSubDeps(queue));
          await expectAnswer(again);
          expect(queue.sent.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: runs(100) },
    );
  });
});
