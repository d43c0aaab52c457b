/**
 * How long GitHub asks us to wait, from a 403/429 response's headers, per
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api:
 * `retry-after` (seconds) first; then, when `x-ratelimit-remaining` is 0, until `x-ratelimit-reset`
 * (epoch seconds); otherwise a secondary limit without headers, where GitHub says to wait at least a
 * minute. Null when the response is not a rate limit at all (a plain 403: no access).
 */
export function rateLimitWaitMs(
  status: number,
  headers: Headers,
  bodyText: string,
  nowMs: number,
): { waitMs: number; kind: 'primary' | 'secondary' } | null {
  if (status !== 403 && status !== 429) return null;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) {
    return { waitMs: Number(retryAfter) * 1000, kind: 'secondary' };
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    const waitMs = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - nowMs) : 60_000;
    // A second of slack: the reset instant is rounded down to whole seconds.
    return { waitMs: waitMs + 1000, kind: 'primary' };
  }
  if (status === 429 || /secondary rate limit|abuse/i.test(bodyText)) return { waitMs: 60_000, kind: 'secondary' };
  return null;
}
