import { StreamlogError } from '../../../core/errors.ts';
import type { RawArtifacts } from '../../../store/artifacts/raw-artifacts.ts';
import { type FetchLike, readCapped, upstreamFetch } from '../http/upstream-fetch.ts';
import type { AudioSource, ClipAudio } from '../ports.ts';

export interface AudioServiceConfig {
  /** `AUDIO_SERVICE_URL`: answers `GET {url}/clips/{clip_id}` with the clip's audio bytes. */
  baseUrl: string;
  artifacts: RawArtifacts;
  fetch: FetchLike;
  timeoutMs: number;
  maxBytes: number;
}

/** Clip audio from a configured service (e.g. one that extracts audio tracks), stored in R2. */
export class AudioServiceSource implements AudioSource {
  readonly #config: AudioServiceConfig;

  constructor(config: AudioServiceConfig) {
    this.#config = config;
  }

  async audioFor(clipId: string): Promise<ClipAudio> {
    const url = `${this.#config.baseUrl}/clips/${encodeURIComponent(clipId)}`;
    const response = await upstreamFetch('audio service', url, {}, this.#config);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new StreamlogError('audio_unavailable', `the audio service has no audio for clip ${clipId} yet`, {
        clip_id: clipId,
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      // A 429 is a wait, not a refusal: retryable, or the clip would drop out of its post for good.
      const code =
        response.status >= 500
          ? 'upstream_unavailable'
          : response.status === 429
            ? 'upstream_rate_limited'
            : 'upstream_rejected';
      throw new StreamlogError(code, `the audio service answered ${response.status}`, {
        clip_id: clipId,
        status: response.status,
      });
    }
    const bytes = await readCapped(response, this.#config.maxBytes, 'audio service');
    const stored = await this.#config.artifacts.put(
      'audio',
      bytes,
      response.headers.get('content-type') ?? 'audio/mpeg',
    );
    return { ref: stored.key, bytes, sha256: stored.sha256 };
  }
}
