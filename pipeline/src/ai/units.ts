import type { JsonGeneration } from './ports.ts';

/**
 * Workers AI bills neurons: per input and per output token for text models, per audio minute for
 * Whisper. Rates from developers.cloudflare.com/workers-ai/platform/pricing/ (neurons per million
 * tokens), checked when this was written; a model missing here is charged at the dearest listed
 * rate, so a new model can only make the estimate too high, never too low.
 */
const TEXT_RATES: Readonly<Record<string, { input: number; output: number }>> = {
  '@cf/meta/llama-3.1-8b-instruct': { input: 25_608, output: 75_147 },
  '@cf/meta/llama-3.1-8b-instruct-fp8': { input: 13_778, output: 26_128 },
  '@cf/meta/llama-3.1-8b-instruct-fp8-fast': { input: 4_119, output: 34_868 },
  '@cf/meta/llama-3.1-8b-instruct-awq': { input: 11_161, output: 24_215 },
  '@cf/meta/llama-3.2-3b-instruct': { input: 4_625, output: 30_475 },
  '@cf/meta/llama-3.3-70b-instruct-fp8-fast': { input: 26_668, output: 204_805 },
};
/** For models not in the table: the 70B rate, the highest of the models above. */
const UNKNOWN_MODEL_RATE = { input: 26_668, output: 204_805 };

/** Characters per token assumed for the prompt: 3, below the ~4 of English, so emoji and Spanish do not undercount. */
const CHARS_PER_TOKEN = 3;
/** Chat-template tokens around each message (role headers, end-of-turn markers), rounded up. */
const TOKENS_PER_MESSAGE = 8;

/**
 * Neurons one JSON-mode call may cost, as an integer, **an estimate that errs high**:
 * input tokens ≈ (characters of every message + the JSON schema, which JSON mode also feeds the
 * model) / 3 + 8 per message; output tokens = `max_tokens` in full (the model usually stops sooner).
 * Then input × the model's input rate + output × its output rate, per million, rounded up.
 * Example: a system + user prompt of 13,000 characters with a ~470-character schema and
 * `max_tokens` 1500 comes to 229 neurons on llama-3.1-8b-instruct (428 on the 70B model), so the
 * default 10,000-neuron day holds about 43 such calls.
 */
export function estimateUnits(model: string, request: JsonGeneration): number {
  const rate = TEXT_RATES[model] ?? UNKNOWN_MODEL_RATE;
  const chars =
    request.messages.reduce((sum, message) => sum + message.content.length, 0) +
    JSON.stringify(request.schema ?? {}).length;
  const inputTokens = Math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * request.messages.length;
  const outputTokens = Math.max(0, request.max_tokens);
  return Math.ceil((inputTokens * rate.input + outputTokens * rate.output) / 1_000_000);
}

/** `@cf/openai/whisper-large-v3-turbo`: 46.63 neurons per audio minute. */
const WHISPER_NEURONS_PER_MINUTE = 46.63;
/** Twitch clips last at most 60 seconds. */
const LONGEST_CLIP_SECONDS = 60;

/**
 * Neurons one Whisper call may cost. The transcription request carries the media bytes but not the
 * audio's length, so without `audioSeconds` every call is charged as the longest clip (one minute,
 * 47 neurons): an estimate that errs high.
 */
export function estimateWhisperUnits(audioSeconds: number = LONGEST_CLIP_SECONDS): number {
  const seconds = Number.isFinite(audioSeconds) && audioSeconds > 0 ? audioSeconds : LONGEST_CLIP_SECONDS;
  return Math.ceil((seconds / 60) * WHISPER_NEURONS_PER_MINUTE);
}
