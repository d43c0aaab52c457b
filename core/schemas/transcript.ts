import { z } from 'zod';
import { Timestamp } from './common.ts';

export const TranscriptSegment = z.object({
  /** Seconds from the start of the clip's audio. */
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
});
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;

export const TranscriptSource = z.enum(['workers-ai-binding', 'workers-ai-rest', 'offline-file']);
export type TranscriptSource = z.infer<typeof TranscriptSource>;

/** Where a transcript came from, so a reader (and a re-run) can tell how much to trust it. */
export const TranscriptProvenance = z.object({
  source: TranscriptSource,
  transcribed_at: Timestamp,
  /** R2 key of the raw model output, content-addressed. */
  raw_r2_key: z.string().min(1).optional(),
  /** sha-256 (hex) of the audio that was transcribed, when known. */
  audio_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Segments dropped as hallucinations on silence (high `no_speech_prob`, low `avg_logprob`). */
  discarded_segment_count: z.number().int().nonnegative(),
  vad_filter: z.boolean().optional(),
});
export type TranscriptProvenance = z.infer<typeof TranscriptProvenance>;

/**
 * What was said in a clip. `text` may be empty: a silent clip is a valid result, not an error.
 * `language` is the language the model detected (ISO 639-1), not the clip's metadata.
 */
export const Transcript = z.object({
  text: z.string().max(200_000),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'ISO 639 language code')
    .nullable(),
  language_probability: z.number().min(0).max(1).optional(),
  duration_seconds: z.number().nonnegative().optional(),
  segments: z.array(TranscriptSegment),
  /** Model id, e.g. `@cf/openai/whisper-large-v3-turbo`. */
  model: z.string().min(1).max(200),
  provenance: TranscriptProvenance,
});
export type Transcript = z.infer<typeof Transcript>;
