import { z } from 'zod';
import { StreamlogError } from '../errors.ts';
import { type ClipFacts, ContentItem } from '../schemas/content-item.ts';

const item = ContentItem.shape;

/** A non-empty string, or null for `''`, `null`, a missing key or a value of the wrong type. */
const optionalText = z
  .unknown()
  .transform((value) => (typeof value === 'string' && value.length > 0 ? value : null))
  .default(null);

/** What a clip's creator is called when Twitch no longer has a name for them (e.g. a deleted account). */
export const UNKNOWN_CREATOR = 'unknown';

/**
 * One entry of Helix Get Clips (`GET /helix/clips`), validated permissively: the fields that become
 * the clip's facts must be sound, everything else degrades to `null` instead of rejecting the clip.
 * Unknown keys are dropped. See https://dev.twitch.tv/docs/api/reference/#get-clips.
 */
export const HelixClip = z.object({
  id: item.clip_id,
  url: item.clip_url,
  embed_url: item.clip_embed_url,
  broadcaster_id: optionalText,
  broadcaster_name: item.broadcaster_name,
  creator_id: optionalText,
  creator_name: z
    .unknown()
    .transform((value) => (typeof value === 'string' && value.trim().length > 0 ? value : UNKNOWN_CREATOR))
    .pipe(item.creator_name)
    .default(UNKNOWN_CREATOR),
  /** The VOD the clip was cut from; null when the stream was not archived. */
  video_id: optionalText,
  /** `1469308723` is Software and Game Development; anything else is probably not a coding clip. */
  game_id: optionalText,
  /** The stream's configured language, not what was spoken: trust the transcript for that. */
  language: optionalText,
  title: item.clip_title,
  view_count: item.clip_view_count,
  /** When the clip was made: its content ends about here and starts `duration` seconds earlier. */
  created_at: item.clip_created_at,
  thumbnail_url: item.clip_thumbnail_url,
  duration: item.clip_duration,
  /**
   * Seconds into the VOD where the clip starts. Null while Twitch is still processing a fresh clip
   * (typically minutes) or when the VOD is gone: re-check later rather than guessing.
   */
  vod_offset: z
    .unknown()
    .transform((value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null))
    .default(null),
  is_featured: z
    .unknown()
    .transform((value) => value === true)
    .default(false),
});
export type HelixClip = z.output<typeof HelixClip>;

/** The clip facts a ContentItem is created from (`newContentItem`). */
export function clipFacts(clip: HelixClip): ClipFacts {
  return {
    clip_id: clip.id,
    clip_title: clip.title,
    clip_url: clip.url,
    clip_embed_url: clip.embed_url,
    clip_thumbnail_url: clip.thumbnail_url,
    clip_duration: clip.duration,
    clip_view_count: clip.view_count,
    clip_created_at: clip.created_at,
    broadcaster_name: clip.broadcaster_name,
    creator_name: clip.creator_name,
    platform: 'twitch',
  };
}

/** A clip accepted from a page: its facts, plus the Helix fields matching needs (`video_id`, `vod_offset`, `game_id`). */
export interface ParsedClip {
  facts: ClipFacts;
  helix: HelixClip;
}

export interface RejectedClip {
  /** Position in the page's `data` array. */
  index: number;
  /** The entry's `id`, when it had a readable one. */
  clip_id?: string;
  issues: { path: string; message: string }[];
}

export interface ClipsPage {
  clips: ParsedClip[];
  rejected: RejectedClip[];
  /** Pass as `after=` for the next page; absent on the last page (`"pagination": {}`). */
  cursor?: string;
}

const Envelope = z.object({
  data: z.array(z.unknown()),
  pagination: z
    .unknown()
    .transform((value) =>
      typeof value === 'object' &&
      value !== null &&
      'cursor' in value &&
      typeof value.cursor === 'string' &&
      value.cursor
        ? value.cursor
        : undefined,
    ),
});

/**
 * Parses one Get Clips response body. A bad entry is reported in `rejected` and never sinks the
 * page; only a body without a `data` array throws (`validation_failed`).
 */
export function parseClipsPage(json: unknown): ClipsPage {
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    throw new StreamlogError('validation_failed', 'Twitch Get Clips response has no "data" array', {
      source: 'twitch',
      issues: issueList(envelope.error),
    });
  }
  const page: ClipsPage = { clips: [], rejected: [] };
  envelope.data.data.forEach((entry, index) => {
    const parsed = HelixClip.safeParse(entry);
    if (parsed.success) {
      page.clips.push({ facts: clipFacts(parsed.data), helix: parsed.data });
      return;
    }
    const id =
      typeof entry === 'object' && entry !== null && 'id' in entry && typeof entry.id === 'string'
        ? entry.id
        : undefined;
    page.rejected.push({
      index,
      ...(id === undefined ? {} : { clip_id: id.slice(0, 200) }),
      issues: issueList(parsed.error),
    });
  });
  if (envelope.data.pagination !== undefined) page.cursor = envelope.data.pagination;
  return page;
}

/**
 * One entry per clip id, in order of first appearance. Get Clips sorts by views, so paging can
 * return a clip twice; the copy with more views is the later observation and wins.
 */
export function dedupeClips(clips: readonly ParsedClip[]): ParsedClip[] {
  const byId = new Map<string, ParsedClip>();
  for (const clip of clips) {
    const seen = byId.get(clip.facts.clip_id);
    if (!seen || clip.facts.clip_view_count > seen.facts.clip_view_count) byId.set(clip.facts.clip_id, clip);
  }
  return [...byId.values()];
}

function issueList(error: z.ZodError): RejectedClip['issues'] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
