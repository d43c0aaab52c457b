import { describe, expect, it } from 'vitest';
import { fixture, fixtureNames } from '../../test/fixtures/load.ts';
import { Transcript } from '../schemas/transcript.ts';
import {
  isSilenceHallucination,
  SILENCE_HALLUCINATION,
  transcriptFromWhisper,
  WHISPER_LARGE_V3_TURBO,
  type WhisperTranscriptOptions,
} from './whisper.ts';

const OPTIONS: WhisperTranscriptOptions = {
  model: WHISPER_LARGE_V3_TURBO,
  source: 'offline-file',
  transcribed_at: '2026-11-10T01:35:00Z',
};

interface WhisperFixture {
  transcription_info: { language: string; language_probability: number; duration: number };
  text: string;
  segments: { start: number; end: number; text: string }[];
}

const SILENT = 'QuietSleepyMothResidentSleeper-Ts5Gz0Kw8Hm2Nb7V';
const SPANISH = 'FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S';

function segment(overrides: Record<string, unknown>): Record<string, unknown> {
  return { start: 0, end: 2, text: ' Hello.', temperature: 0, avg_logprob: -0.2, no_speech_prob: 0.05, ...overrides };
}

describe('transcriptFromWhisper on the recorded transcripts', () => {
  const names = fixtureNames('transcripts');

  it('covers the 13 transcript fixtures', () => {
    expect(names).toHaveLength(13);
  });

  it.each(names)('turns %s into a valid Transcript with the detected language and the same text', (name) => {
    const raw = fixture(`transcripts/${name}`) as WhisperFixture;
    const transcript = transcriptFromWhisper(raw, OPTIONS);
    expect(Transcript.parse(transcript)).toEqual(transcript);
    expect(transcript.language).toBe(raw.transcription_info.language);
    expect(transcript.language_probability).toBe(raw.transcription_info.language_probability);
    expect(transcript.duration_seconds).toBe(raw.transcription_info.duration);
    expect(transcript.text).toBe(raw.text);
    expect(transcript.segments).toHaveLength(raw.segments.length);
    expect(transcript.provenance.discarded_segment_count).toBe(0);
    expect(transcript.model).toBe(WHISPER_LARGE_V3_TURBO);
  });

  it('keeps the Spanish Whisper detected, although the clip metadata says "en"', () => {
    const transcript = transcriptFromWhisper(fixture(`transcripts/${SPANISH}.json`), OPTIONS);
    expect(transcript.language).toBe('es');
    expect(transcript.text).toMatch(/Laravel/);
  });

  it('returns a valid, empty transcript for the silent clip', () => {
    const transcript = transcriptFromWhisper(fixture(`transcripts/${SILENT}.json`), OPTIONS);
    expect(transcript).toMatchObject({ text: '', segments: [], language: 'en' });
    expect(transcript.provenance.discarded_segment_count).toBe(0);
    expect(Transcript.safeParse(transcript).success).toBe(true);
  });

  it('drops the "Thank you." Whisper invents on the silent clip without VAD, and counts it', () => {
    const transcript = transcriptFromWhisper(
      fixture(`transcripts/variants/${SILENT}.no-vad-hallucination.json`),
      OPTIONS,
    );
    expect(transcript.text).toBe('');
    expect(transcript.segments).toEqual([]);
    expect(transcript.provenance.discarded_segment_count).toBe(1);
    expect(Transcript.safeParse(transcript).success).toBe(true);
  });

  it('trims segment texts (which start with a space) and joins them with single spaces', () => {
    const transcript = transcriptFromWhisper(
      fixture('transcripts/TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k.json'),
      OPTIONS,
    );
    expect(transcript.segments).toEqual([{ start: 0.3, end: 2.15, text: "Green! All green! Let's go!" }]);
  });

  it('reads the older @cf/openai/whisper shape, which has text but no segments or language', () => {
    const transcript = transcriptFromWhisper(fixture('workers-ai/whisper-output.json'), {
      ...OPTIONS,
      model: '@cf/openai/whisper',
    });
    expect(transcript).toMatchObject({ text: "Green! All green! Let's go!", segments: [], language: null });
    expect(transcript).not.toHaveProperty('language_probability');
  });
});

describe('the silence-hallucination rule', () => {
  it('uses no_speech_prob > 0.6 together with avg_logprob < -0.7', () => {
    expect(SILENCE_HALLUCINATION).toEqual({ min_no_speech_prob: 0.6, max_avg_logprob: -0.7 });
  });

  it.each([
    ['the recorded hallucination', 0.8836, -0.9512, true],
    ['likely silence with unsure words', 0.61, -0.71, true],
    ['exactly at both thresholds', 0.6, -0.7, false],
    ['quiet speech the model is sure of', 0.9, -0.3, false],
    ['mumbled speech', 0.1, -1.5, false],
    ['clear speech', 0.04, -0.18, false],
  ])('%s (no_speech_prob %d, avg_logprob %d) → discarded: %s', (_name, noSpeech, logprob, discarded) => {
    expect(isSilenceHallucination({ no_speech_prob: noSpeech, avg_logprob: logprob })).toBe(discarded);
  });

  it('keeps a segment whose scores are missing, because nothing says it is invented', () => {
    expect(isSilenceHallucination({ no_speech_prob: undefined, avg_logprob: -2 })).toBe(false);
    const transcript = transcriptFromWhisper({ segments: [{ start: 0, end: 1, text: ' Hi.' }] }, OPTIONS);
    expect(transcript.text).toBe('Hi.');
  });

  it('drops only the hallucinated segments of a clip that also has speech', () => {
    const transcript = transcriptFromWhisper(
      {
        transcription_info: { language: 'en', language_probability: 0.9, duration: 12 },
        text: ' Deploying now. Thank you. It works!',
        segments: [
          segment({ start: 0, end: 2, text: ' Deploying now.' }),
          segment({ start: 2, end: 8, text: ' Thank you.', no_speech_prob: 0.9, avg_logprob: -1.1 }),
          segment({ start: 8, end: 10, text: ' It works!' }),
        ],
      },
      OPTIONS,
    );
    expect(transcript.text).toBe('Deploying now. It works!');
    expect(transcript.segments.map((kept) => kept.start)).toEqual([0, 8]);
    expect(transcript.provenance.discarded_segment_count).toBe(1);
  });
});

describe('transcriptFromWhisper leniency and provenance', () => {
  it('records the provenance it was given', () => {
    const transcript = transcriptFromWhisper(fixture(`transcripts/${SPANISH}.json`), {
      model: WHISPER_LARGE_V3_TURBO,
      source: 'workers-ai-binding',
      transcribed_at: '2026-11-10T01:35:00-06:00',
      raw_r2_key: `raw/whisper/${'a'.repeat(64)}.json`,
      audio_sha256: 'b'.repeat(64),
      vad_filter: true,
    });
    expect(transcript.provenance).toEqual({
      source: 'workers-ai-binding',
      transcribed_at: '2026-11-10T01:35:00-06:00',
      raw_r2_key: `raw/whisper/${'a'.repeat(64)}.json`,
      audio_sha256: 'b'.repeat(64),
      discarded_segment_count: 0,
      vad_filter: true,
    });
  });

  it('ignores words, word_count and vtt whatever their format', () => {
    const transcript = transcriptFromWhisper(
      { text: 'x', word_count: 'many', vtt: 42, segments: [segment({ words: 'not a list' })] },
      OPTIONS,
    );
    expect(transcript.text).toBe('Hello.');
  });

  it('normalises the language code and drops one it cannot read', () => {
    const withLanguage = (language: unknown) =>
      transcriptFromWhisper({ transcription_info: { language }, segments: [] }, OPTIONS).language;
    expect(withLanguage('ES')).toBe('es');
    expect(withLanguage('Spanish!')).toBeNull();
    expect(withLanguage(7)).toBeNull();
    expect(transcriptFromWhisper({ transcription_info: 'garbage', segments: [] }, OPTIONS).language).toBeNull();
  });

  it('clamps impossible timings instead of rejecting the transcript', () => {
    const transcript = transcriptFromWhisper({ segments: [segment({ start: -0.02, end: -0.5 })] }, OPTIONS);
    expect(transcript.segments).toEqual([{ start: 0, end: 0, text: 'Hello.' }]);
  });

  it('skips segments that are only whitespace without counting them as hallucinations', () => {
    const transcript = transcriptFromWhisper({ segments: [segment({ text: '   ' }), segment({})] }, OPTIONS);
    expect(transcript.segments).toHaveLength(1);
    expect(transcript.provenance.discarded_segment_count).toBe(0);
  });

  it.each([
    ['null', null],
    ['a string', 'Thank you.'],
    ['segments that are not a list', { segments: 'none' }],
    ['a segment without timing', { segments: [{ text: ' Hi.' }] }],
  ])('throws validation_failed for %s', (_name, output) => {
    expect(() => transcriptFromWhisper(output, OPTIONS)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('throws validation_failed when the options cannot make a valid transcript', () => {
    expect(() =>
      transcriptFromWhisper(fixture(`transcripts/${SILENT}.json`), { ...OPTIONS, transcribed_at: 'yesterday' }),
    ).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
