import { dedupeClips, type ParsedClip, parseClipsPage } from '../../../core/twitch/helix-clip.ts';
import { parseVideosPage, type StreamVideo } from '../../../core/twitch/helix-video.ts';
import type { RawArtifacts } from '../../../store/artifacts/raw-artifacts.ts';
import type { ClipFetch, ClipSource, TimeWindow } from '../../src/ports.ts';
import page1 from './clips-page1.json' with { type: 'json' };
import page2 from './clips-page2.json' with { type: 'json' };
import videosPage from './videos.json' with { type: 'json' };

/**
 * The bundled sample channel (three streams in November 2026; the tests read these same files)
 * as a ClipSource, for runs without Twitch credentials. It answers like Helix does: both pages,
 * sorted by views, with the clip repeated across the page boundary, parsed by the same code.
 */
export class SampleClipSource implements ClipSource {
  readonly #artifacts: RawArtifacts;

  constructor(artifacts: RawArtifacts) {
    this.#artifacts = artifacts;
  }

  async clipsInWindow(window: TimeWindow): Promise<ClipFetch> {
    const all: ParsedClip[] = [];
    const rejected: ClipFetch['rejected'] = [];
    const rawKeys: string[] = [];
    for (const page of [page1, page2]) {
      rawKeys.push((await this.#artifacts.put('twitch-clips', JSON.stringify(page))).key);
      const parsed = parseClipsPage(page);
      rejected.push(...parsed.rejected);
      for (const clip of parsed.clips) {
        const at = Date.parse(clip.facts.clip_created_at);
        if (at >= window.startMs && at < window.endMs) all.push(clip);
      }
    }
    const clips = dedupeClips(all);
    return { clips, rejected, fetched: all.length, duplicates: all.length - clips.length, raw_r2_keys: rawKeys };
  }

  async videos(videoIds: readonly string[]): Promise<{ videos: StreamVideo[]; raw_r2_key: string | null }> {
    const stored = await this.#artifacts.put('twitch-videos', JSON.stringify(videosPage));
    const videos = parseVideosPage(videosPage).filter((video) => videoIds.includes(video.video_id));
    return { videos, raw_r2_key: stored.key };
  }

  async latestVideo(): Promise<StreamVideo | null> {
    const videos = parseVideosPage(videosPage).sort((a, b) => b.started_at.localeCompare(a.started_at));
    return videos[0] ?? null;
  }
}
