import type { QueueMessage, QueueMessageType } from '../../../core/schemas/queue-message.ts';
import { RunRecordStore } from '../../../store/runs/run-records.ts';
import { consoleLogger, workerDeps } from '../deps.ts';
import { newRunId, type PipelineDeps, withRun } from '../ports.ts';
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
    // One run per ingest_day chain; senders name it (cli, cron, stream_offline), an old message without one starts one.
    const runId = message.run_id ?? newRunId();
    const deps = runDeps(env, runId);
    await new RunRecordStore(deps.db).start(
      { run_id: runId, trigger: message.trigger, period: { start: message.date, end: message.date } },
      deps.clock.now().getTime(),
    );
    const summary = await ingestDay(deps, { ...message, run_id: runId });
    if (summary.queued.length === 0) await queuePublishIfSettled(deps, message.date, runId);
  },
  process_item: async (message, env) => {
    const deps = runDeps(env, message.run_id);
    try {
      await processItem(deps, message.content_item_id);
    } finally {
      // A failed item settles its day too; the failure still goes back to the dispatcher below.
      await queuePublishIfSettled(deps, await deps.clipDetails.dayOf(message.content_item_id), message.run_id);
    }
  },
  publish_post: async (message, env) => {
    const deps = runDeps(env, message.run_id);
    const period = { start: message.period_start, end: message.period_end };
    const published = await publishPost(deps, {
      content_type: message.content_type,
      period,
      force: message.force,
    });
    // The run's record is completed with the period's items as they stand now; a later publish of
    // the same run (another item settling) writes the newer counts.
    if (message.run_id !== undefined) {
      await new RunRecordStore(deps.db).complete(
        message.run_id,
        { trigger: 'cron', period },
        await runCompletion(deps, period, { status: 'completed', failures: [], publish: published }),
        deps.clock.now().getTime(),
      );
    }
  },
  stream_offline: async (_message, env) => void (await streamOffline(workerDeps(env))),
};

/** The Worker's deps for one run: every log line carries `run_id`, and follow-up messages carry it on. */
function runDeps(env: Env, runId: string | undefined): PipelineDeps {
  if (runId === undefined) return workerDeps(env);
  return workerDeps(env, {
    log: withRun(consoleLogger, runId),
    queue: {
      send: async (message) => {
        const carried =
          message.type === 'ingest_day' || message.type === 'process_item' || message.type === 'publish_post'
            ? { ...message, run_id: message.run_id ?? runId }
            : message;
        await env.PIPELINE_QUEUE.send(carried, { contentType: 'json' });
      },
    },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
