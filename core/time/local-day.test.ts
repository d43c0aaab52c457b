import { describe, expect, it } from 'vitest';
import { isValidTimeZone, localDateOf } from './local-day.ts';
import { localDayBounds, zoneOffsetMinutes } from './zoned-day.ts';

describe('dates in a time zone, with one formatter kept per zone', () => {
  it('answers each zone for itself when zones alternate', () => {
    const instant = new Date('2026-11-10T03:30:00Z');
    for (let round = 0; round < 2; round++) {
      expect(localDateOf(instant, 'America/Mexico_City')).toBe('2026-11-09');
      expect(localDateOf(instant, 'Asia/Kolkata')).toBe('2026-11-10');
      expect(zoneOffsetMinutes(instant.getTime(), 'America/Mexico_City')).toBe(-360);
      expect(zoneOffsetMinutes(instant.getTime(), 'Asia/Kolkata')).toBe(330);
    }
  });

  it('keeps refusing an unknown zone, however often it is asked', () => {
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => localDateOf(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(isValidTimeZone('Europe/Madrid')).toBe(true);
  });

  it('bounds a day across a DST change (Madrid, 2026-03-29 has 23 hours)', () => {
    const { startMs, endMs } = localDayBounds('2026-03-29', 'Europe/Madrid');
    expect(new Date(startMs).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect((endMs - startMs) / 3_600_000).toBe(23);
  });
});
