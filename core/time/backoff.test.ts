import { describe, expect, it } from 'vitest';
import { backoff, upstreamBackoffMs } from './backoff.ts';

describe('backoff', () => {
  it('doubles from the first wait and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoff(n, 30, 900))).toEqual([30, 60, 120, 240, 480, 900, 900]);
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, 250, 4000))).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('has no cap unless given one, and treats attempt 0 as the first', () => {
    expect([0, 1, 2, 3, 6].map((n) => backoff(n, 500))).toEqual([500, 500, 1000, 2000, 16000]);
  });

  it('waits 0.5 s, 1 s, 2 s, then 4 s for the HTTP clients', () => {
    expect([1, 2, 3, 4, 5, 9].map(upstreamBackoffMs)).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
  });
});
