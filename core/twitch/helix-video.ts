import { z } from 'zod';
import { StreamlogError } from '../errors.ts';

/** A VOD (one stream) as Helix Get Videos describes it, reduced to what placing clips needs. */
export interface StreamVideo {
  video_id: string;
  /** When the stream started (the VOD's `created_at`). */
  started_at: string;
  /** Seconds, parsed from the `4h31m5s` form; null when unreadable. */
  duration_s: number | null;
}

const HelixVideo = z.object({
  id: z.string().regex(/^[0-9]+$/),
  created_at: z.iso.datetime({ offset: true }),
  duration: z.unknown(),
});

/**
 * The readable VODs of one Get Videos response (https://dev.twitch.tv/docs/api/reference/#get-videos).
 * An unreadable entry is skipped, never fatal; a body without a `data` array throws `validation_failed`.
 */
export function parseVideosPage(json: unknown): StreamVideo[] {
  const data = typeof json === 'object' && json !== null && 'data' in json ? json.data : undefined;
  if (!Array.isArray(data)) {
    throw new StreamlogError('validation_failed', 'Twitch Get Videos response has no "data" array', {
      source: 'twitch',
    });
  }
  const videos: StreamVideo[] = [];
  for (const entry of data) {
    const parsed = HelixVideo.safeParse(entry);
    if (!parsed.success) continue;
    videos.push({
      video_id: parsed.data.id,
      started_at: parsed.data.created_at,
      duration_s: parseHelixDuration(parsed.data.duration),
    });
  }
  return videos;
}

/** Seconds in a Helix duration such as `4h31m5s`, `59m2s` or `12s`; null when it is not one. */
export function parseHelixDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value.trim());
  if (!match || value.trim() === '') return null;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
