import type { Clock } from '../core/time/clock.ts';

/** The real clock, for the Workers, the CLI, and stores built without one (reads that stamp nothing). */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
