import { StreamlogError } from '../../../core/errors.ts';
import { upstreamBackoffMs } from '../../../core/time/backoff.ts';
import type { FetchLike } from '../http/upstream-fetch.ts';
import type { Clock, Logger } from '../ports.ts';
import { rateLimitWaitMs } from './rate-limit.ts';

/** How a GitHub client calls out: the transport, the clock its waits sleep on, and how hard it tries. */
export interface GitHubCallOptions {
  fetch: FetchLike;
  /** Rate-limit waits and retry backoff sleep on it; tests pass a clock that only records. */
  clock: Clock;
  log: Logger;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts for 5xx, timeouts, network errors and rate limits (default 4). */
  maxAttempts?: number;
  /** Longest rate-limit wait taken in-line; longer ones fail retryably so the queue retries later. */
  maxRateLimitWaitMs?: number;
}

/**
 * An attempt that did not succeed: no answer at all (the retryable `upstream_timeout` or
 * `upstream_unavailable` that `upstreamFetch` throws), or GitHub's answer with a status the caller
 * does not accept.
 */
export type FailedAttempt = { noAnswer: StreamlogError } | { status: number; headers: Headers; text: string };

export interface AttemptContext {
  attempt: number;
  maxAttempts: number;
  maxRateLimitWaitMs: number;
  /** False: no answer or a 5xx is thrown at once instead of retried (a write better followed by a look). */
  retryTransient: boolean;
  clock: Clock;
  log: Logger;
  /** Names the call in logs and error details (a path or a route), never with credentials. */
  where: Record<string, unknown>;
  /** The error for a 401: which credentials to fix depends on the client. */
  unauthorized: () => StreamlogError;
  /** The error for any other answer refused. */
  rejected: () => StreamlogError;
}

/**
 * The one failure policy of both GitHub clients (activity reads and publishing). After a failed
 * attempt it either sleeps before the next one or throws what the queue acts on: a 401 is a
 * configuration error, never retried; a rate limit is waited out up to `maxRateLimitWaitMs`, then
 * `upstream_rate_limited`; no answer and 5xx are retried with the upstream backoff, then
 * `upstream_timeout`/`upstream_unavailable`; anything else is `rejected()`.
 */
export async function waitOrThrow(failed: FailedAttempt, context: AttemptContext): Promise<void> {
  const { attempt, maxAttempts, clock, log, where } = context;
  const canRetry = context.retryTransient && attempt < maxAttempts;
  if ('noAnswer' in failed) {
    if (canRetry) {
      log.warn('github request failed, retrying', { ...where, attempt, code: failed.noAnswer.code });
      return clock.sleep(upstreamBackoffMs(attempt));
    }
    throw new StreamlogError(failed.noAnswer.code, `${failed.noAnswer.message} (${attempt} attempts)`, where);
  }
  const { status } = failed;
  if (status === 401) throw context.unauthorized();
  const limit = rateLimitWaitMs(status, failed.headers, failed.text, clock.now().getTime());
  if (limit) {
    if (limit.waitMs > context.maxRateLimitWaitMs || attempt >= maxAttempts) {
      throw new StreamlogError('upstream_rate_limited', `GitHub rate limit (${limit.kind}); retry later`, {
        ...where,
        retry_after_ms: limit.waitMs,
      });
    }
    log.warn('github rate limit, waiting', { ...where, kind: limit.kind, waitMs: limit.waitMs });
    return clock.sleep(limit.waitMs);
  }
  if (status >= 500) {
    if (canRetry) {
      log.warn('github server error, retrying', { ...where, status, attempt });
      return clock.sleep(upstreamBackoffMs(attempt));
    }
    throw new StreamlogError('upstream_unavailable', `GitHub answered ${status} (${attempt} attempts)`, {
      ...where,
      status,
    });
  }
  throw context.rejected();
}
