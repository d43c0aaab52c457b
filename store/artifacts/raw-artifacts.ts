import { sha256Hex } from '../web-crypto.ts';

/** Kinds of raw artefact kept in R2; the kind is the first path segment of the key. */
export type ArtifactKind =
  | 'twitch-clips'
  | 'twitch-videos'
  | 'github-events'
  | 'github-webhooks'
  | 'whisper'
  | 'audio'
  | 'eventsub'
  | 'posts';

export interface StoredArtifact {
  key: string;
  sha256: string;
  size: number;
  /** False when identical bytes were already stored, so nothing was written. */
  written: boolean;
}

/**
 * Raw payloads, audio and transcripts in R2, content-addressed (`<kind>/<sha256>`), so storing the
 * same bytes twice is free and a key always names exactly one content.
 */
export class RawArtifacts {
  readonly #bucket: R2Bucket;

  constructor(bucket: R2Bucket) {
    this.#bucket = bucket;
  }

  async put(kind: ArtifactKind, body: Uint8Array | string, contentType = 'application/json'): Promise<StoredArtifact> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const sha256 = await sha256Hex(bytes);
    const key = `${kind}/${sha256}`;
    // Same key, same bytes: a second write would change nothing, so skip it.
    const existing = await this.#bucket.head(key);
    if (existing) return { key, sha256, size: bytes.byteLength, written: false };
    await this.#bucket.put(key, bytes, { httpMetadata: { contentType }, sha256 });
    return { key, sha256, size: bytes.byteLength, written: true };
  }

  async getText(key: string): Promise<string | null> {
    const object = await this.#bucket.get(key);
    return object ? object.text() : null;
  }

  async getBytes(key: string): Promise<Uint8Array | null> {
    const object = await this.#bucket.get(key);
    return object ? new Uint8Array(await object.arrayBuffer()) : null;
  }

  async getJson<T = unknown>(key: string): Promise<T | null> {
    const text = await this.getText(key);
    return text === null ? null : (JSON.parse(text) as T);
  }
}
