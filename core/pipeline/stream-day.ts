import { localDateOf } from '../time/local-day.ts';
import { localDayBounds } from '../time/zoned-day.ts';
import type { ClipTiming } from './contracts.ts';

/**
 * How long after local midnight a stream that started on a day may still produce clips. A stream
 * that started at 23:00 and ran six hours past midnight is still that day's stream; twelve hours
 * covers any plausible marathon without reaching into the next day's evening streams by much
 * (those are filtered out by their own start day anyway).
 */
export const STREAM_SPILLOVER_MS = 12 * 3600 * 1000;

/**
 * The local day a clip belongs to (DESIGN §3.6): the local date on which its stream (VOD) started,
 * so a stream that crosses midnight, UTC or local, stays whole on its start day; a clip whose stream
 * is unknown falls on its own local date.
 */
export function streamDayOf(clipCreatedAt: string, videoStartedAt: string | null, timeZone: string): string {
  return localDateOf(new Date(videoStartedAt ?? clipCreatedAt), timeZone);
}

/**
 * The window to ask Twitch for the clips of local `date`: from its local midnight to twelve hours
 * after its end, so clips of a stream that started that day and ran past midnight are caught.
 * Clips of the previous day's late stream also fall inside; `streamDayOf` filters them out.
 */
export function ingestWindow(date: string, timeZone: string): { startMs: number; endMs: number } {
  const day = localDayBounds(date, timeZone);
  return { startMs: day.startMs, endMs: day.endMs + STREAM_SPILLOVER_MS };
}

/**
 * A wall-clock span that surely contains the clip's content, whatever refines it later: from the
 * earlier to the later of the creation-time estimate (`created_at - duration … created_at`) and the
 * VOD estimate (`start + vod_offset … + duration`). Used to index clips for overlap queries; the
 * matcher places clips precisely.
 */
export function clipSpan(timing: ClipTiming): { startMs: number; endMs: number } {
  const createdMs = Date.parse(timing.clip_created_at);
  const durationMs = Math.round(timing.clip_duration * 1000);
  let startMs = createdMs - durationMs;
  let endMs = createdMs;
  if (timing.video_started_at !== null && timing.vod_offset !== null) {
    const vodStartMs = Date.parse(timing.video_started_at) + timing.vod_offset * 1000;
    startMs = Math.min(startMs, vodStartMs);
    endMs = Math.max(endMs, vodStartMs + durationMs);
  }
  return { startMs, endMs };
}
