import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../pipeline/src/queue/backoff.ts';

describe('queue retry backoff', () => {
  it('doubles from 30 seconds and caps at 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });
});
