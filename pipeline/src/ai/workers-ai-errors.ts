import { StreamlogError } from '../../../core/errors.ts';

/**
 * Maps a Workers AI error code (binding: `Error("<code>: <message>")`; REST: `errors[].code`) to our
 * error, for every Workers AI model (Whisper and the text models). Only capacity (3040) and timeouts
 * (3007) are worth retrying soon; the daily allocation (3036) is retried later by the queue backoff;
 * invalid input (5006) and unknown models (5007) never succeed. An unknown code counts as an outage.
 */
export function workersAiError(code: number | null, message: string): StreamlogError {
  const details = { service: 'workers-ai', ai_code: code };
  if (code === 3040)
    return new StreamlogError('upstream_unavailable', `Workers AI is out of capacity: ${message}`, details);
  if (code === 3007) return new StreamlogError('upstream_timeout', `Workers AI timed out: ${message}`, details);
  if (code === 3036)
    return new StreamlogError('upstream_rate_limited', `Workers AI daily allocation used up: ${message}`, details);
  if (code === 5006 || code === 5007)
    return new StreamlogError('upstream_rejected', `Workers AI rejected the request: ${message}`, details);
  return new StreamlogError('upstream_unavailable', `Workers AI failed: ${message}`, details);
}

const KNOWN_CODES = new Set([3007, 3036, 3040, 5006, 5007]);

/** True for the Workers AI codes `workersAiError` maps on purpose (not its catch-all). */
export function isKnownWorkersAiCode(code: number | null): boolean {
  return code !== null && KNOWN_CODES.has(code);
}

/** The numeric code at the start of a binding error message (`"3040: Capacity temporarily exceeded"`). */
export function codeOfBindingError(error: unknown): { code: number | null; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^\s*(\d{4}):\s*(.*)$/s.exec(text);
  return match
    ? { code: Number(match[1]), message: (match[2] ?? '').slice(0, 200) }
    : { code: null, message: text.slice(0, 200) };
}

/** A thrown binding error as our error: `Error("3040: …")` → `upstream_unavailable`, and so on. */
export function bindingError(error: unknown): StreamlogError {
  const { code, message } = codeOfBindingError(error);
  return workersAiError(code, message);
}
