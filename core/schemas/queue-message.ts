import { z } from 'zod';
import { LocalDate, SafeId, Timestamp } from './common.ts';
import { ContentType } from './post.ts';

/**
 * Every message on the pipeline queue. One discriminated union, one job per `type`;
 * the dispatcher rejects anything else to the dead-letter queue.
 */
const Envelope = { enqueued_at: Timestamp };

/**
 * One pipeline run (`run_<uuid>`): an `ingest_day` chain in the Worker, one `run` in the CLI. Carried
 * by `ingest_day`, `process_item` and `publish_post` so every log line and the run record
 * (`runs`, migrations/0007) can name it; optional, so messages sent before it existed still parse.
 */
export const RunId = z.string().regex(/^run_[A-Za-z0-9-]{8,64}$/);
const Run = { run_id: RunId.optional() };

export const IngestDayMessage = z.object({
  type: z.literal('ingest_day'),
  date: LocalDate,
  /** Why the day is being ingested: the cron sweep, a stream going offline, the CLI, the API. */
  trigger: z.enum(['cron', 'stream_offline', 'cli', 'api']),
  force: z.boolean().default(false),
  ...Run,
  ...Envelope,
});

export const ProcessItemMessage = z.object({
  type: z.literal('process_item'),
  content_item_id: SafeId,
  ...Run,
  ...Envelope,
});

export const GitHubDeliveryMessage = z.object({
  type: z.literal('github_delivery'),
  delivery_id: z.string().min(1).max(100),
  event: z.string().min(1).max(100),
  /** The raw body lives in R2; queue messages stay small. */
  payload_r2_key: z.string().min(1),
  ...Envelope,
});

export const StreamOfflineMessage = z.object({
  type: z.literal('stream_offline'),
  broadcaster_id: z.string().regex(/^[0-9]+$/),
  eventsub_message_id: z.string().min(1).max(100),
  ...Envelope,
});

export const GenerateContentMessage = z.object({
  type: z.literal('generate_content'),
  job_id: z.string().min(1).max(100),
  ...Envelope,
});

export const PublishPostMessage = z.object({
  type: z.literal('publish_post'),
  content_type: ContentType,
  period_start: LocalDate,
  period_end: LocalDate,
  force: z.boolean().default(false),
  ...Run,
  ...Envelope,
});

export const QueueMessage = z.discriminatedUnion('type', [
  IngestDayMessage,
  ProcessItemMessage,
  GitHubDeliveryMessage,
  StreamOfflineMessage,
  GenerateContentMessage,
  PublishPostMessage,
]);
export type QueueMessage = z.infer<typeof QueueMessage>;
export type QueueMessageType = QueueMessage['type'];
