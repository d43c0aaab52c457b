import type { PipelineDeps } from '../ports.ts';

/**
 * Queues the day's `daily_recap` once no item of the day is still in progress: every item is ready
 * or failed. An item that recovers later (a retry, a late GitHub event) calls this again, and the
 * publish job updates the same PR, since its fingerprint changed. Queuing twice is harmless: the
 * job is idempotent and leased.
 */
export async function queuePublishIfSettled(
  deps: Pick<PipelineDeps, 'clipDetails' | 'items' | 'queue' | 'clock' | 'log'>,
  date: string | null,
  runId?: string,
): Promise<boolean> {
  if (date === null) return false;
  for (const id of await deps.clipDetails.itemsOfDay(date)) {
    const item = await deps.items.get(id);
    if (item && item.processing_status !== 'ready_for_content' && item.processing_status !== 'failed') return false;
  }
  await deps.queue.send({
    type: 'publish_post',
    content_type: 'daily_recap',
    period_start: date,
    period_end: date,
    force: false,
    ...(runId === undefined ? {} : { run_id: runId }),
    enqueued_at: deps.clock.now().toISOString(),
  });
  deps.log.info('day settled; daily recap queued', { date });
  return true;
}
