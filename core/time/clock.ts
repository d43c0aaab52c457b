/**
 * The one way time reaches the code: jobs, adapters and stores read `now()`, and every wait
 * (rate-limit resets, backoff) goes through `sleep()`, so a test clock can fix the time and record
 * the waits instead of sitting them out. The Worker and the CLI pass `systemClock`.
 */
export interface Clock {
  now(): Date;
  /** Waits `ms` milliseconds. A test clock may only record the wait. */
  sleep(ms: number): Promise<void>;
}
