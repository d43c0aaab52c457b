import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signGitHubBody, verifyGitHubSignature } from '../../../pipeline/src/github/signature.ts';
import { handleGitHubWebhook } from '../../../pipeline/src/github/webhook.ts';
import { routeFetch } from '../../../pipeline/src/routes.ts';
import { InboundDeliveryStore } from '../../../store/webhooks/inbound-deliveries.ts';
import pullHeaders from '../../fixtures/github/webhook-pull_request.headers.json';
import pullBody from '../../fixtures/github/webhook-pull_request.json?raw';
import badHeaders from '../../fixtures/github/webhook-push.bad-signature.headers.json';
import pushHeaders from '../../fixtures/github/webhook-push.headers.json';
import pushBody from '../../fixtures/github/webhook-push.json?raw';
import { SAMPLE_VARS, testClock, testDeps } from '../helpers/deps.ts';
import { GITHUB_TEST_START } from './helpers.ts';

/** Exact UTF-8 bytes, as GitHub signed them. */
const utf8 = (text: string) => new Uint8Array(new TextEncoder().encode(text));

const FIXTURE_SECRET = 'fixture-webhook-secret-not-real';
const URL = 'https://pipeline.example/webhooks/github';

function request(body: string | Uint8Array, headers: Record<string, string>): Request {
  return new Request(URL, { method: 'POST', body, headers });
}

function deps() {
  return { ...testDeps(SAMPLE_VARS, testClock(GITHUB_TEST_START)).deps, deliveries: new InboundDeliveryStore(env.DB) };
}

/** The push fixture made unique (trailing spaces are still the same JSON), signed anew as GitHub would. */
async function uniquePush(n: number, deliveryId: string): Promise<{ body: string; headers: Record<string, string> }> {
  const body = `${pushBody}${' '.repeat(n)}`;
  const signature = await signGitHubBody(body, FIXTURE_SECRET);
  return { body, headers: { ...pushHeaders, 'X-Hub-Signature-256': signature, 'X-GitHub-Delivery': deliveryId } };
}

/** A body that counts the bytes pulled from it: `total` bytes in `chunk`-byte pieces, no Content-Length. */
function countingStream(total: number, chunk: number) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  });
  return { stream, state };
}

/** The fixture's headers without its recorded Content-Length (the body here is another). */
function withoutLength(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
}

async function claims(deliveryId: string): Promise<number> {
  const row = await env.DB.prepare(
    'SELECT COUNT(*) AS n FROM inbound_deliveries WHERE source = ?1 AND delivery_id = ?2',
  )
    .bind('github', deliveryId)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

describe('GitHub webhook signature', () => {
  it("matches GitHub's documented known-answer vector", async () => {
    const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(await signGitHubBody('Hello, World!', "It's a Secret to Everybody")).toBe(expected);
    const body = utf8('Hello, World!');
    expect(await verifyGitHubSignature(body, expected, ["It's a Secret to Everybody"])).toBe(true);
    expect(await verifyGitHubSignature(body, expected, ['another secret'])).toBe(false);
  });

  it('verifies the fixture deliveries over their exact bytes, trailing newline included', async () => {
    const bytes = utf8(pushBody);
    expect(pushBody.endsWith('\n')).toBe(true);
    expect(await verifyGitHubSignature(bytes, pushHeaders['X-Hub-Signature-256'], [FIXTURE_SECRET])).toBe(true);
    const reserialised = utf8(JSON.stringify(JSON.parse(pushBody)));
    expect(await verifyGitHubSignature(reserialised, pushHeaders['X-Hub-Signature-256'], [FIXTURE_SECRET])).toBe(false);
  });

  it('rejects the legacy sha1 header', async () => {
    expect(await verifyGitHubSignature(utf8(pushBody), pushHeaders['X-Hub-Signature'], [FIXTURE_SECRET])).toBe(false);
  });
});

describe('POST /webhooks/github', () => {
  it('accepts a signed push: raw bytes to R2, one github_delivery queued, 202', async () => {
    const d = deps();
    const response = await handleGitHubWebhook(request(pushBody, pushHeaders), d, [FIXTURE_SECRET]);
    expect(response.status).toBe(202);
    expect(d.queue.sent).toHaveLength(1);
    const [message] = d.queue.sent;
    expect(message).toMatchObject({
      type: 'github_delivery',
      delivery_id: pushHeaders['X-GitHub-Delivery'],
      event: 'push',
    });
    if (message?.type !== 'github_delivery') throw new Error('expected a github_delivery message');
    expect(await d.artifacts.getText(message.payload_r2_key)).toBe(pushBody);
    expect(await claims(pushHeaders['X-GitHub-Delivery'])).toBe(1);
  });

  it('answers 401 problem+json to a bad signature and keeps nothing', async () => {
    const d = deps();
    const headers = { ...badHeaders, 'X-GitHub-Delivery': 'eeeeeeee-0000-0000-0000-000000000004' };
    const response = await handleGitHubWebhook(request(pushBody, headers), d, [FIXTURE_SECRET]);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'invalid_signature', status: 401 });
    expect(d.queue.sent).toEqual([]);
    expect(await claims(headers['X-GitHub-Delivery'])).toBe(0);
  });

  it('accepts deliveries signed with the previous secret during rotation, and not after it is removed', async () => {
    const rotating = await handleGitHubWebhook(request(pullBody, pullHeaders), deps(), ['new-secret', FIXTURE_SECRET]);
    expect(rotating.status).toBe(202);
    const rotated = await handleGitHubWebhook(
      request(pullBody, { ...pullHeaders, 'X-GitHub-Delivery': 'aaaaaaaa-0000-0000-0000-000000000001' }),
      deps(),
      ['new-secret'],
    );
    expect(rotated.status).toBe(401);
  });

  it('acknowledges a redelivery without storing or queueing anything again', async () => {
    const { body, headers } = await uniquePush(1, 'bbbbbbbb-0000-0000-0000-000000000002');
    const d = deps();
    const first = await handleGitHubWebhook(request(body, headers), d, [FIXTURE_SECRET]);
    const again = await handleGitHubWebhook(request(body, headers), d, [FIXTURE_SECRET]);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    expect(d.queue.sent).toHaveLength(1);
    expect(await claims(headers['X-GitHub-Delivery'] ?? '')).toBe(1);
  });

  it('gives the claim back when queueing fails, so the redelivery is accepted', async () => {
    const { body: pushBody, headers } = await uniquePush(2, 'cccccccc-0000-0000-0000-000000000003');
    const broken = {
      ...deps(),
      queue: {
        send: async () => {
          throw new Error('queue unavailable');
        },
      },
    };
    const failed = await handleGitHubWebhook(request(pushBody, headers), broken, [FIXTURE_SECRET]);
    expect(failed.status).toBe(503);
    expect(await claims(headers['X-GitHub-Delivery'] ?? '')).toBe(0);
    const retried = await handleGitHubWebhook(request(pushBody, headers), deps(), [FIXTURE_SECRET]);
    expect(retried.status).toBe(202);
  });

  it('answers a ping without queueing, and requires the delivery headers', async () => {
    const body = '{"zen":"Keep it logically awesome.","hook_id":498273311}';
    const signature = await signGitHubBody(body, FIXTURE_SECRET);
    const d = deps();
    const ping = await handleGitHubWebhook(
      request(body, { 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': 'dddddddd-1', 'X-Hub-Signature-256': signature }),
      d,
      [FIXTURE_SECRET],
    );
    expect(ping.status).toBe(200);
    const missing = await handleGitHubWebhook(request(body, { 'X-Hub-Signature-256': signature }), d, [FIXTURE_SECRET]);
    expect(missing.status).toBe(400);
    expect(d.queue.sent).toEqual([]);
  });

  it('is mounted on the pipeline Worker and fails closed without a configured secret', async () => {
    const response = await routeFetch(request(pushBody, pushHeaders), env, createExecutionContext());
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'webhook_not_configured' });
    const get = await routeFetch(new Request(URL), env, createExecutionContext());
    expect(get.status).toBe(405);
  });

  it('queues nothing for a captured delivery replayed under a fresh X-GitHub-Delivery', async () => {
    const { body, headers } = await uniquePush(3, 'ffffffff-0000-0000-0000-000000000005');
    const d = deps();
    expect((await handleGitHubWebhook(request(body, headers), d, [FIXTURE_SECRET])).status).toBe(202);
    const replayed = { ...headers, 'X-GitHub-Delivery': 'ffffffff-0000-0000-0000-000000000006' };
    const replay = await handleGitHubWebhook(request(body, replayed), d, [FIXTURE_SECRET]);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ status: 'duplicate' });
    expect(d.queue.sent).toHaveLength(1);
  });

  it('refuses a body declared larger than 25 MB before reading any of it', async () => {
    const { stream, state } = countingStream(64 * 1024, 1024);
    const d = deps();
    const oversized = new Request(URL, {
      method: 'POST',
      body: stream,
      headers: { ...withoutLength(pushHeaders), 'content-length': String(26 * 1024 * 1024) },
    });
    const response = await handleGitHubWebhook(oversized, d, [FIXTURE_SECRET]);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(state.pulled).toBeLessThanOrEqual(1024);
  });

  it('stops reading a chunked body as soon as it passes 25 MB', async () => {
    const chunk = 1024 * 1024;
    const { stream, state } = countingStream(40 * chunk, chunk);
    const d = deps();
    const chunked = new Request(URL, { method: 'POST', body: stream, headers: withoutLength(pushHeaders) });
    const response = await handleGitHubWebhook(chunked, d, [FIXTURE_SECRET]);
    expect(response.status).toBe(413);
    // The stream may run a chunk or two ahead of the reader, never to the end.
    expect(state.pulled).toBeLessThanOrEqual(28 * chunk);
    expect(d.queue.sent).toEqual([]);
  });
});
