import type { ClipTiming, PlacedClip } from '../pipeline/contracts.ts';

/**
 * Puts a clip's content on the wall clock. With the VOD's start and the clip's `vod_offset`, the
 * content starts exactly there (a clip can be cut from a VOD long after the stream, so this wins
 * over `created_at`). Without them, the content ends near `created_at` and spans `clip_duration`
 * seconds before it.
 */
export function placeClip(timing: ClipTiming): PlacedClip {
  const durationMs = Math.max(0, Math.round(timing.clip_duration * 1000));
  const videoStart = timing.video_started_at === null ? Number.NaN : Date.parse(timing.video_started_at);
  if (timing.vod_offset !== null && Number.isFinite(videoStart) && timing.vod_offset >= 0) {
    const start = videoStart + timing.vod_offset * 1000;
    return { start_ms: start, end_ms: start + durationMs, basis: 'vod_offset' };
  }
  const end = Date.parse(timing.clip_created_at);
  return { start_ms: end - durationMs, end_ms: end, basis: 'created_at' };
}
