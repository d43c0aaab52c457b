import { StreamlogError } from '../../../core/errors.ts';

/**
 * Maps a Workers AI error code (binding: `Error("<code>: <message>")`; REST: `errors[].code`) to our
 * error. Only capacity (3040) and timeouts (3007) are worth retrying soon; the daily allocation
 * (3036) is retried later by the queue backoff; invalid input and unknown models never succeed.
 */
export function whisperError(code: number | null, message: string): StreamlogError {
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

/** The numeric code at the start of a binding error message (`"3040: Capacity temporarily exceeded"`). */
export function codeOfBindingError(error: unknown): { code: number | null; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^\s*(\d{4}):\s*(.*)$/s.exec(text);
  return match
    ? { code: Number(match[1]), message: (match[2] ?? '').slice(0, 200) }
    : { code: null, message: text.slice(0, 200) };
}
