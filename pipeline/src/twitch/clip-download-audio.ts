import { StreamlogError } from '../../../core/errors.ts';
import type { RawArtifacts } from '../../../store/artifacts/raw-artifacts.ts';
import { type FetchLike, readCapped, upstreamFetch } from '../http/upstream-fetch.ts';
import type { AudioSource, ClipAudio } from '../ports.ts';
import type { HelixClient } from './helix-client.ts';

export interface ClipDownloadAudioConfig {
  helix: HelixClient;
  artifacts: RawArtifacts;
  fetch: FetchLike;
  broadcasterId: string;
  /** The broadcaster's user access token (scope `editor:manage:clips` or `channel:manage:clips`). */
  userToken: string;
  timeoutMs: number;
  maxBytes: number;
}

interface DownloadEntry {
  landscape_download_url?: unknown;
  portrait_download_url?: unknown;
}

/**
 * Clip media through Helix Get Clips Download
 * (https://dev.twitch.tv/docs/api/reference/#get-clips-download), stored in R2 content-addressed so
 * a retry transcribes the same bytes without downloading again. Both URLs are null for a clip
 * Twitch is still processing: that is a retryable `audio_unavailable`, not a failure of the clip.
 */
export class ClipDownloadAudio implements AudioSource {
  readonly #config: ClipDownloadAudioConfig;

  constructor(config: ClipDownloadAudioConfig) {
    this.#config = config;
  }

  async audioFor(clipId: string): Promise<ClipAudio> {
    const { helix, broadcasterId, userToken } = this.#config;
    const params = new URLSearchParams({ editor_id: broadcasterId, broadcaster_id: broadcasterId, clip_id: clipId });
    const response = await helix.get('/clips/downloads', params, { kind: 'user', token: userToken });
    const data = (response.json as { data?: unknown }).data;
    const entry = (Array.isArray(data) ? data[0] : undefined) as DownloadEntry | undefined;
    const url = [entry?.landscape_download_url, entry?.portrait_download_url].find(
      (candidate): candidate is string => typeof candidate === 'string' && /^https?:\/\//.test(candidate),
    );
    if (!url) {
      throw new StreamlogError('audio_unavailable', `Twitch has no download for clip ${clipId} yet`, {
        clip_id: clipId,
      });
    }
    const media = await upstreamFetch('Twitch clip media', url, {}, this.#config);
    if (media.status === 404 || media.status === 403) {
      await media.body?.cancel();
      throw new StreamlogError('audio_unavailable', `the download link for clip ${clipId} no longer works`, {
        clip_id: clipId,
        status: media.status,
      });
    }
    if (!media.ok) {
      await media.body?.cancel();
      throw new StreamlogError('upstream_unavailable', `Twitch clip media answered ${media.status}`, {
        clip_id: clipId,
      });
    }
    const bytes = await readCapped(media, this.#config.maxBytes, 'Twitch clip media');
    const stored = await this.#config.artifacts.put('audio', bytes, media.headers.get('content-type') ?? 'video/mp4');
    return { ref: stored.key, bytes, sha256: stored.sha256 };
  }
}
