import { parseJsonOrNull } from '../../../core/http/parse-json.ts';
import type { QueueMessage, QueueMessageType } from '../../../core/schemas/queue-message.ts';
import { inRun } from '../deps.ts';
import { newRunId, type PipelineDeps, type WorkQueue } from '../ports.ts';
import { runCompletion } from '../run-record.ts';
import { generateContent } from './generate-content.ts';
import { runGitHubDelivery } from './github-delivery.ts';
import { ingestDay } from './ingest-day.ts';
import { processItem } from './process-item.ts';
import { publishPost } from './publish-post.ts';
import { queuePublishIfSettled } from './queue-publish.ts';
import { updateReviewFromWebhook } from './review-update.ts';
import { streamOffline } from './stream-offline.ts';

/** A job runs one queue message. It must be idempotent: a redelivery may run it again. */
export type Job<T extends QueueMessageType> = (
  message: Extract<QueueMessage, { type: T }>,
  deps: PipelineDeps,
) => Promise<void>;

export type JobRegistry = { [T in QueueMessageType]?: Job<T> };

/**
 * The jobs this Worker runs, one per message type; a message with no job is dead-lettered, never
 * silently acked. A day reaches its pull request by itself: when its last item settles (or an
 * ingest finds nothing left to do) the day's `publish_post` is queued.
 */
export const jobs: JobRegistry = {
  generate_content: (message, deps) => generateContent(deps, message),
  github_delivery: async (message, deps) => {
    const payload = await deps.artifacts.getText(message.payload_r2_key);
    if (payload !== null) await updateReviewFromWebhook(deps, message.event, parseJsonOrNull(payload));
    const { reenhanced } = await runGitHubDelivery(deps, message);
    const days = new Set(await Promise.all(reenhanced.map((id) => deps.clipDetails.dayOf(id))));
    for (const day of days) await queuePublishIfSettled(deps, day);
  },
  ingest_day: (message, shared) => {
    // One run per ingest_day chain; senders name it (cli, cron, stream_offline), an old message without one starts one.
    const runId = message.run_id ?? newRunId();
    return inRunOf(shared, runId, async (deps) => {
      await deps.runs.start(
        { run_id: runId, trigger: message.trigger, period: { start: message.date, end: message.date } },
        deps.clock.now().getTime(),
      );
      const summary = await ingestDay(deps, { ...message, run_id: runId });
      if (summary.queued.length === 0) await queuePublishIfSettled(deps, message.date, runId);
    });
  },
  process_item: (message, shared) =>
    inRunOf(shared, message.run_id, async (deps) => {
      try {
        await processItem(deps, message.content_item_id);
      } finally {
        // A failed item settles its day too; the failure still goes back to the dispatcher below.
        await queuePublishIfSettled(deps, await deps.clipDetails.dayOf(message.content_item_id), message.run_id);
      }
    }),
  publish_post: (message, shared) => inRunOf(shared, message.run_id, (deps) => publishAndRecord(deps, message)),
  stream_offline: async (_message, deps) => void (await streamOffline(deps)),
};

/** The day's post, and the run's record completed with the period's items as they stand now. */
async function publishAndRecord(
  deps: PipelineDeps,
  message: Extract<QueueMessage, { type: 'publish_post' }>,
): Promise<void> {
  const period = { start: message.period_start, end: message.period_end };
  const published = await publishPost(deps, { content_type: message.content_type, period, force: message.force });
  // A later publish of the same run (another item settling) writes the newer counts.
  if (message.run_id !== undefined) {
    await deps.runs.complete(
      message.run_id,
      { trigger: 'cron', period },
      await runCompletion(deps, period, { status: 'completed', failures: [], publish: published }),
      deps.clock.now().getTime(),
    );
  }
}

/**
 * Runs `work` with the isolate's shared deps, as part of run `runId` when there is one: every log
 * line carries `run_id`, and the follow-up messages it queues carry it on. Only the queue is wrapped;
 * the adapters (and the tokens and caches inside them) stay shared.
 */
function inRunOf(
  shared: PipelineDeps,
  runId: string | undefined,
  work: (deps: PipelineDeps) => Promise<void>,
): Promise<void> {
  if (runId === undefined) return work(shared);
  return inRun(runId, () => work({ ...shared, queue: carryingRun(shared.queue, runId) }));
}

function carryingRun(queue: WorkQueue, runId: string): WorkQueue {
  return {
    send: (message) =>
      queue.send(
        message.type === 'ingest_day' || message.type === 'process_item' || message.type === 'publish_post'
          ? { ...message, run_id: message.run_id ?? runId }
          : message,
      ),
  };
}
