import { dedupeClips, type ParsedClip, parseClipsPage, type RejectedClip } from '../../../core/twitch/helix-clip.ts';
import { parseVideosPage, type StreamVideo } from '../../../core/twitch/helix-video.ts';
import type { RawArtifacts } from '../../../store/artifacts/raw-artifacts.ts';
import type { ClipFetch, ClipSource, Logger, TimeWindow } from '../ports.ts';
import type { HelixClient } from './helix-client.ts';

export interface HelixClipSourceConfig {
  helix: HelixClient;
  artifacts: RawArtifacts;
  log: Logger;
  broadcasterId: string;
  /**
   * Get Clips sorts by views, so a long window paged by cursor can repeat or skip clips as views
   * change between calls. Asking for short windows keeps each answer to a page or two.
   */
  windowMs?: number;
  /** A guard against a cursor that never ends. */
  maxPagesPerWindow?: number;
}

const SIX_HOURS_MS = 6 * 3600 * 1000;
/** Helix Get Videos accepts up to 100 ids per call. */
const VIDEO_IDS_PER_CALL = 100;

/** Twitch Helix as the pipeline's ClipSource: Get Clips in bounded windows, Get Videos for VOD starts. */
export class HelixClipSource implements ClipSource {
  readonly #config: Required<HelixClipSourceConfig>;

  constructor(config: HelixClipSourceConfig) {
    this.#config = { windowMs: SIX_HOURS_MS, maxPagesPerWindow: 50, ...config };
  }

  async clipsInWindow(window: TimeWindow): Promise<ClipFetch> {
    const all: ParsedClip[] = [];
    const rejected: RejectedClip[] = [];
    const rawKeys: string[] = [];
    for (let startMs = window.startMs; startMs < window.endMs; startMs += this.#config.windowMs) {
      const endMs = Math.min(window.endMs, startMs + this.#config.windowMs);
      let cursor: string | undefined;
      const seenCursors = new Set<string>();
      for (let page = 1; page <= this.#config.maxPagesPerWindow; page++) {
        const params = new URLSearchParams({
          broadcaster_id: this.#config.broadcasterId,
          started_at: new Date(startMs).toISOString(),
          ended_at: new Date(endMs).toISOString(),
          first: '100',
        });
        if (cursor) params.set('after', cursor);
        const response = await this.#config.helix.get('/clips', params);
        rawKeys.push((await this.#config.artifacts.put('twitch-clips', response.text)).key);
        const parsed = parseClipsPage(response.json);
        // Helix filters by `created_at`; keep the window half-open so adjacent windows never share a clip.
        all.push(...parsed.clips.filter((clip) => inWindow(clip, startMs, endMs)));
        rejected.push(...parsed.rejected);
        if (!parsed.cursor || seenCursors.has(parsed.cursor)) break;
        seenCursors.add(parsed.cursor);
        cursor = parsed.cursor;
        if (page === this.#config.maxPagesPerWindow) {
          this.#config.log.warn('twitch clip paging stopped at the page limit', { startMs, endMs, page });
        }
      }
    }
    const clips = dedupeClips(all);
    if (rejected.length > 0) this.#config.log.warn('twitch clips rejected', { count: rejected.length });
    return {
      clips,
      rejected,
      fetched: all.length,
      duplicates: all.length - clips.length,
      raw_r2_keys: [...new Set(rawKeys)],
    };
  }

  async videos(videoIds: readonly string[]): Promise<{ videos: StreamVideo[]; raw_r2_key: string | null }> {
    const ids = [...new Set(videoIds)];
    const videos: StreamVideo[] = [];
    let rawKey: string | null = null;
    for (let i = 0; i < ids.length; i += VIDEO_IDS_PER_CALL) {
      const params = new URLSearchParams();
      for (const id of ids.slice(i, i + VIDEO_IDS_PER_CALL)) params.append('id', id);
      const response = await this.#config.helix.get('/videos', params);
      rawKey = (await this.#config.artifacts.put('twitch-videos', response.text)).key;
      videos.push(...parseVideosPage(response.json));
    }
    return { videos, raw_r2_key: rawKey };
  }

  async latestVideo(): Promise<StreamVideo | null> {
    const params = new URLSearchParams({ user_id: this.#config.broadcasterId, type: 'archive', first: '1' });
    const response = await this.#config.helix.get('/videos', params);
    await this.#config.artifacts.put('twitch-videos', response.text);
    return parseVideosPage(response.json)[0] ?? null;
  }
}

function inWindow(clip: ParsedClip, startMs: number, endMs: number): boolean {
  const at = Date.parse(clip.facts.clip_created_at);
  return at >= startMs && at < endMs;
}
