import { describe, expect, it } from 'vitest';
import { parseHelixDuration } from './helix-video.ts';

describe('parseHelixDuration', () => {
  it('reads the h/m/s form of Get Videos and rejects anything else', () => {
    expect(parseHelixDuration('4h31m5s')).toBe(16265);
    expect(parseHelixDuration('59m2s')).toBe(3542);
    expect(parseHelixDuration('12s')).toBe(12);
    expect(parseHelixDuration('')).toBeNull();
    expect(parseHelixDuration('PT4H')).toBeNull();
    expect(parseHelixDuration(42)).toBeNull();
  });
});
