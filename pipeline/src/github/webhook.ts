import { sha256Hex } from '../../../store/web-crypto.ts';
import type { InboundDeliveryStore } from '../../../store/webhooks/inbound-deliveries.ts';
import { problem } from '../http/problem.ts';
import { readWebhookBody } from '../http/webhook-body.ts';
import type { PipelineDeps } from '../ports.ts';
import { verifyGitHubSignature } from './signature.ts';

export type WebhookDeps = Pick<PipelineDeps, 'artifacts' | 'queue' | 'clock' | 'log'> & {
  deliveries: InboundDeliveryStore;
};

/** GitHub caps webhook payloads at 25 MB; anything larger is not GitHub, and is refused unread. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;
const DELIVERY_ID = /^[A-Za-z0-9-]{1,100}$/;
const EVENT_NAME = /^[a-z_]{1,100}$/;

/**
 * `POST /webhooks/github`: verifies `X-Hub-Signature-256` over the raw bytes (current or previous
 * secret), refuses a body that is not a JSON object, claims `X-GitHub-Delivery` and the body's
 * SHA-256 once in D1, keeps the raw body in R2, queues a `github_delivery` message and answers 202
 * at once. A redelivery is acknowledged and changes nothing. The payload is never interpreted
 * here: the queue job does that.
 */
export async function handleGitHubWebhook(
  request: Request,
  deps: WebhookDeps,
  secrets: readonly string[],
): Promise<Response> {
  if (request.method !== 'POST') return problem('method_not_allowed', 'GitHub webhooks are POSTed');
  if (secrets.filter(Boolean).length === 0) {
    // Fail closed: without a secret nobody can be told apart from GitHub.
    return problem('webhook_not_configured', 'set GITHUB_WEBHOOK_SECRET to receive GitHub webhooks');
  }
  const read = await readWebhookBody(request, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const body = read.bytes;

  if (!(await verifyGitHubSignature(body, request.headers.get('x-hub-signature-256'), secrets))) {
    deps.log.warn('github webhook signature rejected', {});
    return problem('invalid_signature', 'X-Hub-Signature-256 does not match the body under the configured secret');
  }
  const deliveryId = request.headers.get('x-github-delivery') ?? '';
  const event = request.headers.get('x-github-event') ?? '';
  if (!DELIVERY_ID.test(deliveryId) || !EVENT_NAME.test(event)) {
    return problem('invalid_delivery', 'X-GitHub-Delivery and X-GitHub-Event are required');
  }
  // Signed does not mean well-formed: GitHub sends a JSON object. Anything else (a hook set to the
  // form content type, a truncated body) would only fail later in the queue job, so it is refused
  // here, where GitHub's delivery log shows the 400, and nothing is claimed or stored.
  if (!isJsonObject(body)) {
    return problem(
      'invalid_payload',
      'the body is not a JSON object; set the webhook content type to application/json',
    );
  }
  if (event === 'ping') return Response.json({ status: 'pong', delivery_id: deliveryId }, { status: 200 });

  const now = deps.clock.now();
  // The delivery id is not signed: a captured delivery replayed under a fresh X-GitHub-Delivery
  // must still be seen as the same delivery, so the signed body's hash is claimed as well.
  const bodyHash = await sha256Hex(body);
  const claimed = await deps.deliveries.claimGitHubDelivery(deliveryId, bodyHash, now.getTime());
  if (claimed !== 'claimed') {
    deps.log.info('github webhook redelivery ignored', { delivery_id: deliveryId, event, by: claimed });
    return Response.json({ status: 'duplicate', delivery_id: deliveryId }, { status: 200 });
  }
  try {
    const stored = await deps.artifacts.put('github-webhooks', body);
    await deps.queue.send({
      type: 'github_delivery',
      delivery_id: deliveryId,
      event,
      payload_r2_key: stored.key,
      enqueued_at: now.toISOString(),
    });
  } catch (error) {
    // Give the claim back so GitHub's automatic redelivery is accepted instead of lost.
    await deps.deliveries.release('github', deliveryId);
    await deps.deliveries.release('github-body', bodyHash);
    deps.log.error('github webhook could not be queued', { delivery_id: deliveryId, error: String(error) });
    return problem('storage_failed', 'the delivery could not be stored; GitHub will redeliver it');
  }
  deps.log.info('github webhook queued', { delivery_id: deliveryId, event });
  return Response.json({ status: 'queued', delivery_id: deliveryId }, { status: 202 });
}

function isJsonObject(body: Uint8Array): boolean {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    return false;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
