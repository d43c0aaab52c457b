import { z } from 'zod';
import { StreamlogError } from '../errors.ts';
import { Transcript, type TranscriptSegment, type TranscriptSource } from '../schemas/transcript.ts';

export const WHISPER_LARGE_V3_TURBO = '@cf/openai/whisper-large-v3-turbo';

/**
 * A segment is discarded as a hallucination on silence when BOTH hold:
 * - `no_speech_prob > 0.6`: the model itself thinks there was no speech (Whisper's own
 *   `no_speech_threshold`);
 * - `avg_logprob < -0.7`: and it was unsure of the words it produced.
 *
 * Whisper's reference decoder pairs 0.6 with `logprob_threshold = -1.0`, but the classic
 * "Thank you." on a silent clip scores about -0.95 on large-v3-turbo, so -1.0 lets it through.
 * Real speech in our recordings scores above -0.5 with `no_speech_prob` under 0.1, so -0.7 keeps
 * a wide margin. Either value alone is not enough: quiet but real speech can have a high
 * `no_speech_prob` with confident words, and mumbled speech a low `avg_logprob`.
 */
export const SILENCE_HALLUCINATION = { min_no_speech_prob: 0.6, max_avg_logprob: -0.7 } as const;

/** A finite number, or undefined for anything else: these fields are advisory, never a reason to reject. */
const optionalNumber = z
  .unknown()
  .transform((value) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined))
  .optional();

const optionalText = z
  .unknown()
  .transform((value) => (typeof value === 'string' ? value : undefined))
  .optional();

/** One segment of the output. Timing and text are required; the scores are read when present. */
export const WhisperSegment = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  avg_logprob: optionalNumber,
  no_speech_prob: optionalNumber,
});
export type WhisperSegment = z.output<typeof WhisperSegment>;

/**
 * The output of `@cf/openai/whisper-large-v3-turbo` (and the older `@cf/openai/whisper`, which has
 * no `segments` and no `transcription_info`), validated leniently: only the fields read here are
 * checked; `words`, `word_count` and `vtt` are ignored because their format is not pinned down.
 */
export const WhisperOutput = z.object({
  transcription_info: z
    .object({
      language: optionalText,
      language_probability: optionalNumber,
      duration: optionalNumber,
      duration_after_vad: optionalNumber,
    })
    .optional()
    .catch(undefined),
  text: optionalText,
  segments: z.array(WhisperSegment).optional(),
});
export type WhisperOutput = z.output<typeof WhisperOutput>;

export interface WhisperTranscriptOptions {
  /** The model that produced the output, e.g. {@link WHISPER_LARGE_V3_TURBO}. */
  model: string;
  source: TranscriptSource;
  transcribed_at: string;
  raw_r2_key?: string;
  audio_sha256?: string;
  vad_filter?: boolean;
}

/** Whether a segment is text the model invented over silence; see {@link SILENCE_HALLUCINATION}. */
export function isSilenceHallucination(segment: Pick<WhisperSegment, 'no_speech_prob' | 'avg_logprob'>): boolean {
  return (
    segment.no_speech_prob !== undefined &&
    segment.avg_logprob !== undefined &&
    segment.no_speech_prob > SILENCE_HALLUCINATION.min_no_speech_prob &&
    segment.avg_logprob < SILENCE_HALLUCINATION.max_avg_logprob
  );
}

/**
 * A Transcript from raw Whisper output. Hallucinated segments are dropped and counted; the text is
 * the kept segments' texts, trimmed and joined with spaces (or the output's `text` when it has no
 * segments). The language is the one Whisper detected, never the clip's metadata. A silent clip
 * gives a valid transcript with empty text. Throws `validation_failed` when the output is not
 * Whisper-shaped or the options are not valid.
 */
export function transcriptFromWhisper(output: unknown, options: WhisperTranscriptOptions): Transcript {
  const parsed = WhisperOutput.safeParse(output);
  if (!parsed.success) {
    throw new StreamlogError('validation_failed', 'Whisper output is not in the expected shape', {
      model: options.model,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  const whisper = parsed.data;
  const info = whisper.transcription_info;

  let discarded = 0;
  const segments: TranscriptSegment[] = [];
  for (const segment of whisper.segments ?? []) {
    if (isSilenceHallucination(segment)) {
      discarded += 1;
      continue;
    }
    const text = segment.text.trim();
    if (text === '') continue;
    const start = Math.max(0, segment.start);
    segments.push({ start, end: Math.max(start, segment.end), text });
  }
  const text = whisper.segments ? segments.map((segment) => segment.text).join(' ') : (whisper.text ?? '').trim();

  const candidate = {
    text,
    language: detectedLanguage(info?.language),
    ...(info?.language_probability === undefined
      ? {}
      : { language_probability: Math.min(1, Math.max(0, info.language_probability)) }),
    ...(info?.duration === undefined || info.duration < 0 ? {} : { duration_seconds: info.duration }),
    segments,
    model: options.model,
    provenance: {
      source: options.source,
      transcribed_at: options.transcribed_at,
      ...(options.raw_r2_key === undefined ? {} : { raw_r2_key: options.raw_r2_key }),
      ...(options.audio_sha256 === undefined ? {} : { audio_sha256: options.audio_sha256 }),
      discarded_segment_count: discarded,
      ...(options.vad_filter === undefined ? {} : { vad_filter: options.vad_filter }),
    },
  } satisfies Transcript;

  const transcript = Transcript.safeParse(candidate);
  if (!transcript.success) {
    throw new StreamlogError('validation_failed', 'Whisper output does not make a valid transcript', {
      model: options.model,
      issues: transcript.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return transcript.data;
}

/** The detected language as an ISO 639 code (`en`, `es`), or null when missing or unrecognisable. */
function detectedLanguage(language: string | undefined): string | null {
  if (language === undefined) return null;
  const code = language.trim().toLowerCase();
  return Transcript.shape.language.safeParse(code).success ? code : null;
}
