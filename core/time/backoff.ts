/**
 * The wait before retry `attempt` (1 for the first retry) of a doubling backoff: `first`, then
 * twice that, four times, … never more than `cap`. The unit is the caller's (ms or s). Every retry
 * loop in the pipeline waits by this; callers differ only in `first` and `cap`.
 */
export function backoff(attempt: number, first: number, cap = Number.POSITIVE_INFINITY): number {
  return Math.min(first * 2 ** Math.max(0, attempt - 1), cap);
}

/** The HTTP clients' short in-call backoff (GitHub, Discord): 0.5 s, 1 s, 2 s, then 4 s each time. */
export function upstreamBackoffMs(attempt: number): number {
  return backoff(attempt, 500, 4_000);
}
