import { backoff } from '../../../core/time/backoff.ts';

/** Queue retries wait 30 s, 60 s, 120 s, ... capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return backoff(attempts, 30, 900);
}
