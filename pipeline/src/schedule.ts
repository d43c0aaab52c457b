import type { QueueMessage } from '../../core/schemas/queue-message.ts';
import { addDays, localDateOf } from '../../core/time/local-day.ts';
import { DAILY_CRON } from './crons.ts';
import { newRunId } from './ports.ts';

export async function runSchedule(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const now = new Date(controller.scheduledTime);
  const today = localDateOf(now, env.STREAM_TIMEZONE);
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
  await env.PIPELINE_QUEUE.send(message, { contentType: 'json' });
}
