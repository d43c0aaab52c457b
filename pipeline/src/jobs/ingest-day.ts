import { needsWork } from '../../../core/content-item/state-machine.ts';
import { type ErrorCodeName, isStreamlogError } from '../../../core/errors.ts';
import { ingestWindow, streamDayOf } from '../../../core/pipeline/stream-day.ts';
import type { ClipFacts, ContentItem } from '../../../core/schemas/content-item.ts';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { enhanceAndScore } from '../enhance/enhance-item.ts';
import { type SyncSummary, syncGitHubActivity } from '../github/sync-activity.ts';
import type { PipelineDeps } from '../ports.ts';

export interface IngestSummary {
  date: string;
  timezone: string;
  window: { start: string; end: string };
  clips: {
    /** Entries Twitch returned in the window, repeats included. */
    fetched: number;
    /** Items created for clips seen for the first time. */
    new: number;
    /** Items whose clip facts (views, title) changed. */
    updated: number;
    unchanged: number;
    /** Repeats across pages (Get Clips sorts by views). */
    duplicates: number;
    /** Clips in the window that belong to another local day (the previous day's late stream, the next day's). */
    other_days: number;
    /** Unreadable entries. */
    rejected: number;
    /** Clips still waiting for Twitch to set `vod_offset`; a later ingest re-checks them. */
    awaiting_vod_offset: number;
  };
  github: SyncSummary | null;
  /** Items handed to process_item by this run. */
  queued: string[];
  /** Items whose timing changed and were matched again. */
  reenhanced: string[];
  failures: { step: string; code: string; message: string; content_item_id?: string }[];
}

type IngestMessage = Pick<Extract<QueueMessage, { type: 'ingest_day' }>, 'date' | 'force' | 'run_id'>;

export interface IngestOptions {
  /**
   * Rethrow a GitHub failure after the clips are stored and queued (default), so a queue message
   * is retried; the CLI passes false and reports it in `failures` instead.
   */
  rethrowGitHubFailure?: boolean;
}

/**
 * Ingests one local day: the day's clips from Twitch (with their VOD starts, to assign each to the
 * local day its stream started on), then the GitHub activity around them, then one process_item per
 * item that has work left. Idempotent: a repeat stores nothing new and queues only items that are
 * new, failed with a retryable error, or stuck. A GitHub failure is rethrown after clips are stored
 * and queued, so the message is retried without losing the ingestion.
 */
export async function ingestDay(
  deps: PipelineDeps,
  message: IngestMessage,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const { date } = message;
  const timeZone = deps.config.timeZone;
  const window = ingestWindow(date, timeZone);
  const summary: IngestSummary = {
    date,
    timezone: timeZone,
    window: { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() },
    clips: {
      fetched: 0,
      new: 0,
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      other_days: 0,
      rejected: 0,
      awaiting_vod_offset: 0,
    },
    github: null,
    queued: [],
    reenhanced: [],
    failures: [],
  };

  const fetched = await deps.clips.clipsInWindow(window);
  summary.clips.fetched = fetched.fetched;
  summary.clips.duplicates = fetched.duplicates;
  summary.clips.rejected = fetched.rejected.length;

  const videoIds = [...new Set(fetched.clips.flatMap((clip) => (clip.helix.video_id ? [clip.helix.video_id] : [])))];
  const starts = await deps.clipDetails.videoStarts(videoIds);
  const unknown = videoIds.filter((id) => !starts.has(id));
  if (unknown.length > 0) {
    const { videos, raw_r2_key } = await deps.clips.videos(unknown);
    await deps.clipDetails.putVideos(videos.map((video) => ({ ...video, raw_r2_key })));
    for (const video of videos) starts.set(video.video_id, video.started_at);
  }

  for (const clip of fetched.clips) {
    const videoStart = clip.helix.video_id ? (starts.get(clip.helix.video_id) ?? null) : null;
    if (streamDayOf(clip.facts.clip_created_at, videoStart, timeZone) !== date) {
      summary.clips.other_days += 1;
      continue;
    }
    const existing = await deps.items.getByClip(clip.facts.platform, clip.facts.clip_id);
    const { item } = await deps.items.upsertClip(clip.facts);
    if (!existing) summary.clips.new += 1;
    else if (factsChanged(existing, clip.facts)) summary.clips.updated += 1;
    else summary.clips.unchanged += 1;

    const written = await deps.clipDetails.put(
      {
        content_item_id: item.content_item_id,
        clip_created_at: clip.facts.clip_created_at,
        clip_duration: clip.facts.clip_duration,
        video_id: clip.helix.video_id,
        vod_offset: clip.helix.vod_offset,
        game_id: clip.helix.game_id,
        broadcaster_language: clip.helix.language,
        raw_r2_key: fetched.raw_r2_keys[0] ?? null,
      },
      videoStart,
    );
    if (clip.helix.video_id !== null && clip.helix.vod_offset === null) summary.clips.awaiting_vod_offset += 1;
    if (
      written.timing_changed &&
      (item.processing_status === 'enhanced' || item.processing_status === 'ready_for_content')
    ) {
      const facts = await deps.clipDetails.timingFor(item.content_item_id);
      if (facts) {
        await enhanceAndScore(deps, item, facts.timing, facts.details);
        summary.reenhanced.push(item.content_item_id);
      }
    }
  }

  let githubError: unknown = null;
  try {
    summary.github = await syncGitHubActivity(deps, window);
  } catch (error) {
    githubError = error;
    summary.failures.push({ step: 'github_sync', ...failureOf(error) });
    deps.log.error('github sync failed during ingest', { date, ...failureOf(error) });
  }

  summary.queued = await queueItemsWithWork(deps, message);

  deps.log.info('day ingested', {
    date,
    new: summary.clips.new,
    updated: summary.clips.updated,
    queued: summary.queued.length,
  });
  if (githubError !== null && options.rethrowGitHubFailure !== false) throw githubError;
  return summary;
}

/**
 * Queues one process_item per stored item of the day that still needs work (`needsWork`, the one
 * rule); returns their ids. Ingest calls it after storing the clips; the CLI's `process` on its own.
 */
export async function queueItemsWithWork(deps: PipelineDeps, message: IngestMessage): Promise<string[]> {
  const queued: string[] = [];
  for (const id of await deps.clipDetails.itemsOfDay(message.date)) {
    const item = await deps.items.get(id);
    if (!item || !needsWork(item, deps.clock.now().getTime(), message.force)) continue;
    if (item.processing_status === 'pending') await deps.items.transition(id, 'queued');
    await deps.queue.send({
      type: 'process_item',
      content_item_id: id,
      ...(message.run_id === undefined ? {} : { run_id: message.run_id }),
      enqueued_at: deps.clock.now().toISOString(),
    });
    queued.push(id);
  }
  return queued;
}

function factsChanged(existing: ContentItem, facts: ClipFacts): boolean {
  return (Object.keys(facts) as (keyof ClipFacts)[]).some((key) => existing[key] !== facts[key]);
}

/** The code and message a failure is recorded with: a StreamlogError keeps its own; anything else is `internal_error`. */
export function failureOf(error: unknown): { code: ErrorCodeName; message: string } {
  if (isStreamlogError(error)) return { code: error.code, message: error.message };
  return { code: 'internal_error', message: String(error).slice(0, 500) };
}
