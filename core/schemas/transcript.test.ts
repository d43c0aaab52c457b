import { describe, expect, it } from 'vitest';
import { Transcript } from './transcript.ts';

const base: Transcript = {
  text: '',
  language: null,
  segments: [],
  model: '@cf/openai/whisper-large-v3-turbo',
  provenance: { source: 'offline-file', transcribed_at: '2026-11-10T01:35:00Z', discarded_segment_count: 0 },
};

describe('Transcript', () => {
  it('accepts an empty transcript with no detected language: silence is a result, not an error', () => {
    expect(Transcript.parse(base)).toEqual(base);
  });

  it.each(['en', 'es', 'yue', 'pt-BR', 'zh-Hant'])('accepts the language code %s', (language) => {
    expect(Transcript.safeParse({ ...base, language }).success).toBe(true);
  });

  it.each(['EN', 'english', 'e', ''])('rejects the language %j', (language) => {
    expect(Transcript.safeParse({ ...base, language }).error?.issues[0]?.path).toEqual(['language']);
  });

  it('rejects a negative segment time and a negative discarded count', () => {
    const result = Transcript.safeParse({
      ...base,
      segments: [{ start: -1, end: 1, text: 'x' }],
      provenance: { ...base.provenance, discarded_segment_count: -1 },
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'provenance.discarded_segment_count',
      'segments.0.start',
    ]);
  });

  it('rejects an audio hash that is not sha-256 hex', () => {
    const result = Transcript.safeParse({ ...base, provenance: { ...base.provenance, audio_sha256: 'abc' } });
    expect(result.error?.issues[0]?.path).toEqual(['provenance', 'audio_sha256']);
  });
});
