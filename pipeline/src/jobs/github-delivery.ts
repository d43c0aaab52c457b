import { StreamlogError } from '../../../core/errors.ts';
import { isOwnRepository } from '../../../core/github/ownership.ts';
import { activityFromWebhook } from '../../../core/github/webhook-payload.ts';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { reenhanceAffected } from '../enhance/reenhance.ts';
import type { PipelineDeps } from '../ports.ts';

export type GitHubDeliveryDeps = Pick<
  PipelineDeps,
  'config' | 'clock' | 'githubActivity' | 'items' | 'clipDetails' | 'artifacts' | 'log'
>;

/**
 * The queue job behind the webhook: reads the delivery's raw body from R2, turns it into activity,
 * stores it (commits deduplicated by SHA, so a push already seen through the Events API adds
 * nothing) and re-enhances the items it touches. Running it twice stores nothing new the second time.
 */
export async function runGitHubDelivery(
  deps: GitHubDeliveryDeps,
  message: Pick<
    Extract<QueueMessage, { type: 'github_delivery' }>,
    'delivery_id' | 'event' | 'payload_r2_key' | 'enqueued_at'
  >,
): Promise<{ changed: number; reenhanced: string[] }> {
  const text = await deps.artifacts.getText(message.payload_r2_key);
  if (text === null) {
    throw new StreamlogError('not_found', `webhook payload ${message.payload_r2_key} is missing from R2`, {
      delivery_id: message.delivery_id,
    });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new StreamlogError('validation_failed', 'webhook payload is not JSON', { delivery_id: message.delivery_id });
  }
  const parsed = activityFromWebhook(message.event, payload, message.enqueued_at);
  const username = deps.config.githubUsername;
  if (!parsed || username === null || !isOwnRepository(parsed.repository, { username })) {
    deps.log.info('github delivery ignored', { delivery_id: message.delivery_id, event: message.event });
    return { changed: 0, reenhanced: [] };
  }
  const times = parsed.activity.map((entry) => Date.parse(entry.occurred_at));
  const changed = await deps.githubActivity.record(
    [
      {
        event_id: `webhook:${message.delivery_id}`,
        event_type: message.event,
        repository: parsed.repository,
        actor: sender(payload),
        occurred_at: times.length > 0 ? new Date(Math.min(...times)).toISOString() : message.enqueued_at,
        activity: parsed.activity,
        resolved: true,
        raw_r2_key: message.payload_r2_key,
      },
    ],
    deps.clock.now().getTime(),
  );
  const reenhanced = await reenhanceAffected(deps, changed);
  deps.log.info('github delivery stored', {
    delivery_id: message.delivery_id,
    event: message.event,
    changed: changed.length,
    reenhanced: reenhanced.length,
  });
  return { changed: changed.length, reenhanced };
}

function sender(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null || !('sender' in payload)) return '';
  const value = payload.sender;
  if (typeof value !== 'object' || value === null || !('login' in value)) return '';
  return typeof value.login === 'string' ? value.login.slice(0, 100) : '';
}
