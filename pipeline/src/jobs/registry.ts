import type { QueueMessage, QueueMessageType } from '../../../core/schemas/queue-message.ts';
import { workerDeps } from '../deps.ts';
import { generateContent } from './generate-content.ts';
import { runGitHubDelivery } from './github-delivery.ts';
import { ingestDay } from './ingest-day.ts';
import { processItem } from './process-item.ts';
import { publishPost } from './publish-post.ts';
import { queuePublishIfSettled } from './queue-publish.ts';
import { updateReviewFromWebhook } from './review-update.ts';
import { streamOffline } from './stream-offline.ts';

/** A job runs one queue message. It must be idempotent: a redelivery may run it again. */
export type Job<T extends QueueMessageType> = (message: Extract<QueueMessage, { type: T }>, env: Env) => Promise<void>;

export type JobRegistry = { [T in QueueMessageType]?: Job<T> };

/**
 * The jobs this Worker runs, one per message type; a message with no job is dead-lettered, never
 * silently acked. A day reaches its pull request by itself: when its last item settles (or an
 * ingest finds nothing left to do) the day's `publish_post` is queued.
 */
export const jobs: JobRegistry = {
  generate_content: (message, env) => generateContent(workerDeps(env), message),
  github_delivery: async (message, env) => {
    const deps = workerDeps(env);
    const payload = await deps.artifacts.getText(message.payload_r2_key);
    if (payload !== null) await updateReviewFromWebhook(deps, message.event, safeJson(payload));
    const { reenhanced } = await runGitHubDelivery(deps, message);
    const days = new Set(await Promise.all(reenhanced.map((id) => deps.clipDetails.dayOf(id))));
    for (const day of days) await queuePublishIfSettled(deps, day);
  },
  ingest_day: async (message, env) => {
    const deps = workerDeps(env);
    const summary = await ingestDay(deps, message);
    if (summary.queued.length === 0) await queuePublishIfSettled(deps, message.date);
  },
  process_item: async (message, env) => {
    const deps = workerDeps(env);
    try {
      await processItem(deps, message.content_item_id);
    } finally {
      // A failed item settles its day too; the failure still goes back to the dispatcher below.
      await queuePublishIfSettled(deps, await deps.clipDetails.dayOf(message.content_item_id));
    }
  },
  publish_post: async (message, env) =>
    void (await publishPost(workerDeps(env), {
      content_type: message.content_type,
      period: { start: message.period_start, end: message.period_end },
      force: message.force,
    })),
  stream_offline: async (_message, env) => void (await streamOffline(workerDeps(env))),
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
