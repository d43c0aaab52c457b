import { addDays, localDateOf } from '../../../core/time/local-day.ts';
import { newRunId, type PipelineDeps } from '../ports.ts';

/** A VOD that started longer ago than this is not the stream that just went offline. */
const MAX_STREAM_MS = 48 * 3600 * 1000;

/**
 * A stream just ended (EventSub `stream.offline`): ingest the local day it belongs to, which is the
 * day its VOD started. Without a recent VOD (archiving off), today and yesterday are both queued;
 * ingesting a day is idempotent, so the extra one costs a few reads. Returns the days queued.
 */
export async function streamOffline(deps: PipelineDeps): Promise<string[]> {
  const now = deps.clock.now();
  const video = await deps.clips.latestVideo();
  const timeZone = deps.config.timeZone;
  let days: string[];
  if (video && now.getTime() - Date.parse(video.started_at) <= MAX_STREAM_MS) {
    await deps.clipDetails.putVideos([{ ...video, raw_r2_key: null }]);
    days = [localDateOf(new Date(video.started_at), timeZone)];
  } else {
    const today = localDateOf(now, timeZone);
    days = [today, addDays(today, -1)];
  }
  for (const date of days) {
    await deps.queue.send({
      type: 'ingest_day',
      date,
      trigger: 'stream_offline',
      force: false,
      // One run per day queued, named here so a redelivered message continues it.
      run_id: newRunId(),
      enqueued_at: now.toISOString(),
    });
  }
  deps.log.info('stream offline: day queued for ingestion', { days });
  return days;
}
