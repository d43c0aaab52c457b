import type { QueueMessage, QueueMessageType } from '../../../core/schemas/queue-message.ts';
import { workerDeps } from '../deps.ts';
import { generateContent } from './generate-content.ts';
import { runGitHubDelivery } from './github-delivery.ts';
import { ingestDay } from './ingest-day.ts';
import { processItem } from './process-item.ts';
import { streamOffline } from './stream-offline.ts';

/** A job runs one queue message. It must be idempotent: a redelivery may run it again. */
export type Job<T extends QueueMessageType> = (message: Extract<QueueMessage, { type: T }>, env: Env) => Promise<void>;

export type JobRegistry = { [T in QueueMessageType]?: Job<T> };

/**
 * The jobs this Worker runs, one per message type. Ingestion, processing and publishing jobs are
 * added by the pipeline issues; a message with no job is dead-lettered, never silently acked.
 */
export const jobs: JobRegistry = {
  generate_content: (message, env) => generateContent(message, env),
  github_delivery: async (message, env) => void (await runGitHubDelivery(workerDeps(env), message)),
  ingest_day: async (message, env) => void (await ingestDay(workerDeps(env), message)),
  process_item: async (message, env) => void (await processItem(workerDeps(env), message.content_item_id)),
  stream_offline: async (_message, env) => void (await streamOffline(workerDeps(env))),
};
