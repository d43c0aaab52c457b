import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import type { InboundDeliveryStore } from '../../../store/webhooks/inbound-deliveries.ts';
import { problem } from '../http/problem.ts';
import { readWebhookBody } from '../http/webhook-body.ts';
import type { Clock, Logger, WorkQueue } from '../ports.ts';
import { verifyEventSubSignature } from './eventsub-signature.ts';

export interface EventSubDeps {
  deliveries: InboundDeliveryStore;
  queue: WorkQueue;
  clock: Clock;
  log: Logger;
  /** Current secret first, then the one being rotated out. */
  secrets: readonly string[];
  /** Only this channel's `stream.offline` triggers ingestion. */
  broadcasterId: string | null;
}

/** Twitch retries for a while; older messages are refused as possible replays (Twitch's guidance: 10 minutes). */
const MAX_AGE_MS = 10 * 60 * 1000;
/** EventSub notifications are small; anything bigger is not from Twitch, and is refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

interface EventSubBody {
  challenge?: unknown;
  subscription?: { type?: unknown; status?: unknown; id?: unknown };
  event?: { broadcaster_user_id?: unknown };
}

/**
 * The EventSub webhook callback (`POST /webhooks/twitch`): verifies the signature over
 * id + timestamp + raw body and the 10-minute freshness, answers the verification challenge,
 * records revocations, and turns a `stream.offline` of our channel into a `stream_offline` queue
 * message. Each message id is claimed once in D1, so a redelivery is acknowledged and changes
 * nothing; if queueing fails the claim is released and Twitch's retry gets another chance.
 */
export async function receiveEventSub(request: Request, deps: EventSubDeps): Promise<Response> {
  if (request.method !== 'POST') return problem('method_not_allowed', 'use POST');
  if (deps.secrets.length === 0) {
    return problem('webhook_not_configured', 'TWITCH_EVENTSUB_SECRET is not set; EventSub is disabled');
  }
  const messageId = request.headers.get('twitch-eventsub-message-id') ?? '';
  const timestamp = request.headers.get('twitch-eventsub-message-timestamp') ?? '';
  const signature = request.headers.get('twitch-eventsub-message-signature') ?? '';
  const type = request.headers.get('twitch-eventsub-message-type') ?? '';
  if (!messageId || messageId.length > 100 || !timestamp || !signature) {
    return problem('missing_headers', 'Twitch-Eventsub-Message-Id, -Timestamp and -Signature are required');
  }
  const read = await readWebhookBody(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const body = read.bytes;
  if (!(await verifyEventSubSignature(deps.secrets, messageId, timestamp, body, signature))) {
    deps.log.warn('eventsub signature rejected', { messageId: messageId.slice(0, 100) });
    return problem(
      'invalid_signature',
      'Twitch-Eventsub-Message-Signature does not match the message under the configured secret',
    );
  }
  const sentMs = Date.parse(timestamp);
  const nowMs = deps.clock.now().getTime();
  if (!Number.isFinite(sentMs) || Math.abs(nowMs - sentMs) > MAX_AGE_MS) {
    return problem('stale_message', 'the message timestamp is more than 10 minutes away from now');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return problem('invalid_json', 'the body is not JSON');
  }
  // Signed does not mean well-formed: `null`, a number or an array is a 400, never a crash.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return problem('invalid_body', 'the body is not a JSON object');
  }
  const parsed = json as EventSubBody;

  if (type === 'webhook_callback_verification') {
    if (typeof parsed.challenge !== 'string') return problem('missing_challenge', 'no challenge in the body');
    return new Response(parsed.challenge, { status: 200, headers: { 'content-type': 'text/plain' } });
  }

  if (!(await deps.deliveries.claim('twitch-eventsub', messageId, nowMs))) {
    return new Response(null, { status: 204, headers: { 'x-streamlog-duplicate': 'true' } });
  }
  if (type === 'revocation') {
    deps.log.warn('eventsub subscription revoked', {
      subscription_type: logText(parsed.subscription?.type),
      status: logText(parsed.subscription?.status),
    });
    return new Response(null, { status: 204 });
  }
  if (type !== 'notification' || parsed.subscription?.type !== 'stream.offline') {
    return new Response(null, { status: 204 });
  }
  const broadcaster = parsed.event?.broadcaster_user_id;
  if (typeof broadcaster !== 'string' || !/^[0-9]+$/.test(broadcaster) || broadcaster !== deps.broadcasterId) {
    deps.log.info('eventsub stream.offline for another channel ignored', {});
    return new Response(null, { status: 204 });
  }
  const message = {
    type: 'stream_offline',
    broadcaster_id: broadcaster,
    eventsub_message_id: messageId,
    enqueued_at: new Date(nowMs).toISOString(),
  } satisfies QueueMessage;
  try {
    await deps.queue.send(message);
  } catch (error) {
    await deps.deliveries.release('twitch-eventsub', messageId);
    deps.log.error('eventsub notification could not be queued', { error: String(error).slice(0, 200) });
    return problem('queue_unavailable', 'could not queue the notification; Twitch will retry');
  }
  return new Response(null, { status: 204 });
}

/**
 * A body field for a log line. Only strings pass: `String()` of a parsed object runs its own
 * `toString`/`valueOf` keys, and `{"toString": "x"}` makes it throw.
 */
function logText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 100) : '';
}
