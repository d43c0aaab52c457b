import type { QueueMessage } from '../../core/schemas/queue-message.ts';
import { addDays, localDateOf } from '../../core/time/local-day.ts';
import { DAILY_CRON } from './crons.ts';
import { newRunId, type PipelineDeps } from './ports.ts';

/** A cron tick queues the day's `ingest_day`: yesterday's (local) for the daily cron, today's otherwise. */
export async function runSchedule(
  controller: Pick<ScheduledController, 'cron' | 'scheduledTime'>,
  deps: Pick<PipelineDeps, 'config' | 'queue'>,
): Promise<void> {
  const now = new Date(controller.scheduledTime);
  const today = localDateOf(now, deps.config.timeZone);
  const date = controller.cron === DAILY_CRON ? addDays(today, -1) : today;
  const message = {
    type: 'ingest_day',
    date,
    trigger: 'cron',
    force: false,
    // Named here, not by the consumer, so a redelivered message continues the same run.
    run_id: newRunId(),
    enqueued_at: now.toISOString(),
  } satisfies QueueMessage;
  await deps.queue.send(message);
}
