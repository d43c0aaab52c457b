import { errorCodeOf, isRetryable } from '../../../core/errors.ts';
import { QueueMessage } from '../../../core/schemas/queue-message.ts';
import type { DeadLetterStore } from '../../../store/queue/dead-letters.ts';
import { jobs as defaultJobs, type JobRegistry } from '../jobs/registry.ts';
import type { PipelineDeps } from '../ports.ts';
import { retryDelaySeconds } from './backoff.ts';

export const DEAD_LETTER_QUEUE = 'streamlog-pipeline-dlq';

export interface DispatchDeps {
  deadLetters: DeadLetterStore;
  /** The jobs' deps (built once, on first use); a configuration error dead-letters the message. */
  jobDeps(): PipelineDeps;
}

/**
 * Runs each message of a batch through its job and settles it on its own: ack on success, retry
 * with backoff when the failure is retryable, dead-letter otherwise. Never acks a failure silently.
 */
export async function dispatchBatch(
  batch: MessageBatch<unknown>,
  deps: DispatchDeps,
  registry: JobRegistry = defaultJobs,
): Promise<void> {
  for (const message of batch.messages) {
    if (batch.queue === DEAD_LETTER_QUEUE) {
      await deps.deadLetters.record(batch.queue, message, 'retries_exhausted');
      message.ack();
      continue;
    }
    await dispatchOne(message, batch.queue, deps, registry);
  }
}

async function dispatchOne(
  message: Message<unknown>,
  queue: string,
  deps: DispatchDeps,
  registry: JobRegistry,
): Promise<void> {
  const parsed = QueueMessage.safeParse(message.body);
  if (!parsed.success) {
    console.warn('queue message rejected', { queue, messageId: message.id, issues: parsed.error.issues.length });
    await deps.deadLetters.record(queue, message, 'invalid_message');
    message.ack();
    return;
  }
  const job = registry[parsed.data.type] as ((m: QueueMessage, d: PipelineDeps) => Promise<void>) | undefined;
  if (!job) {
    await deps.deadLetters.record(queue, message, 'unsupported_message');
    message.ack();
    return;
  }
  try {
    await job(parsed.data, deps.jobDeps());
    message.ack();
  } catch (error) {
    const retryable = isRetryable(error);
    console.error('queue job failed', {
      queue,
      messageId: message.id,
      type: parsed.data.type,
      retryable,
      error: String(error),
    });
    if (retryable) {
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    } else {
      await deps.deadLetters.record(queue, message, errorCodeOf(error));
      message.ack();
    }
  }
}
