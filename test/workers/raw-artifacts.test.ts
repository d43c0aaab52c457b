import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { RawArtifacts } from '../../store/artifacts/raw-artifacts.ts';

describe('RawArtifacts in R2', () => {
  it('stores a payload under its sha-256 and reads it back', async () => {
    const artifacts = new RawArtifacts(env.ARTIFACTS);
    const payload = JSON.stringify({ data: [{ id: 'CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B', title: '🇲🇽 <script>' }] });
    const stored = await artifacts.put('twitch-clips', payload);
    expect(stored.key).toMatch(/^twitch-clips\/[0-9a-f]{64}$/);
    expect(stored.written).toBe(true);
    expect(await artifacts.getJson(stored.key)).toEqual(JSON.parse(payload));
    const head = await env.ARTIFACTS.head(stored.key);
    expect(head?.httpMetadata?.contentType).toBe('application/json');
  });

  it('writes identical bytes once and different bytes under a different key', async () => {
    const artifacts = new RawArtifacts(env.ARTIFACTS);
    const first = await artifacts.put('whisper', '{"text":"Green! All green!"}');
    const again = await artifacts.put('whisper', '{"text":"Green! All green!"}');
    const other = await artifacts.put('whisper', '{"text":"Green!"}');
    expect(again).toEqual({ ...first, written: false });
    expect(other.key).not.toBe(first.key);
  });

  it('answers null for a key that was never stored', async () => {
    expect(await new RawArtifacts(env.ARTIFACTS).getText('whisper/0000')).toBeNull();
  });
});
