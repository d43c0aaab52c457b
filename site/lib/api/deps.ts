/** Largest request body the API reads; a generate request is well under 2 KB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Everything the API handlers need from the outside, so tests hand in real local D1 and Queues
 * with a fixed clock, and the Astro endpoint hands in the Worker's bindings.
 */
export interface ApiDeps {
  db: D1Database;
  queue: Queue;
  /** `CONTENT_API_KEYS`: `{ "<keyid>": "<secret>" }`. */
  apiKeys: string;
  timeZone: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** A fresh random id (nonce-grade), e.g. `crypto.randomUUID()`. */
  randomId: () => string;
  /** Lets housekeeping (pruning) finish after the response. */
  waitUntil: (promise: Promise<unknown>) => void;
  maxBodyBytes: number;
  /**
   * Counts requests that fail authentication per client (the Workers rate-limiting binding); past
   * its limit they are answered 429. Absent: no throttling.
   */
  authFailureLimiter?: RateLimiter | undefined;
}

/** The shape of the Workers rate-limiting binding that the API uses. */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The production wiring: the Worker's bindings, the real clock and randomness. */
export function workerApiDeps(
  env: {
    DB: D1Database;
    PIPELINE_QUEUE: Queue;
    CONTENT_API_KEYS?: string;
    STREAM_TIMEZONE?: string;
    AUTH_FAILURE_LIMITER?: RateLimiter;
  },
  waitUntil: (promise: Promise<unknown>) => void,
): ApiDeps {
  return {
    db: env.DB,
    queue: env.PIPELINE_QUEUE,
    apiKeys: env.CONTENT_API_KEYS ?? '',
    timeZone: env.STREAM_TIMEZONE || 'UTC',
    now: Date.now,
    randomId: () => crypto.randomUUID(),
    waitUntil,
    maxBodyBytes: MAX_BODY_BYTES,
    authFailureLimiter: env.AUTH_FAILURE_LIMITER,
  };
}
