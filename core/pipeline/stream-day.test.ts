import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../time/local-day.ts';
import { clipSpan, ingestWindow, STREAM_SPILLOVER_MS, streamDayOf } from './stream-day.ts';

describe('streamDayOf', () => {
  it('puts a clip made after midnight UTC on the local day its stream started', () => {
    // Stream C: starts 2026-11-09 16:00 in Mexico City; the clip is 2026-11-10 00:12 UTC.
    expect(streamDayOf('2026-11-10T00:12:27Z', '2026-11-09T22:00:05Z', 'America/Mexico_City')).toBe('2026-11-09');
    expect(streamDayOf('2026-11-10T00:12:27Z', '2026-11-09T22:00:05Z', 'UTC')).toBe('2026-11-09');
  });

  it('keeps a stream that crosses local midnight on its start day', () => {
    // 23:10 in Kolkata (+05:30) on the 9th, clip at 01:05 local on the 10th.
    expect(streamDayOf('2026-11-09T19:35:00Z', '2026-11-09T17:40:00Z', 'Asia/Kolkata')).toBe('2026-11-09');
  });

  it('uses the clip’s own local date when its stream is unknown', () => {
    expect(streamDayOf('2026-11-10T00:12:27Z', null, 'America/Mexico_City')).toBe('2026-11-09');
    expect(streamDayOf('2026-11-10T00:12:27Z', null, 'UTC')).toBe('2026-11-10');
  });

  it('works in half-hour and quarter-hour zones', () => {
    // 18:29 UTC is 23:59 in Kolkata; 18:31 UTC is 00:01 the next day.
    expect(streamDayOf('2026-11-09T18:29:00Z', null, 'Asia/Kolkata')).toBe('2026-11-09');
    expect(streamDayOf('2026-11-09T18:31:00Z', null, 'Asia/Kolkata')).toBe('2026-11-10');
    expect(streamDayOf('2026-11-09T18:14:00Z', null, 'Asia/Kathmandu')).toBe('2026-11-09');
    expect(streamDayOf('2026-11-09T18:16:00Z', null, 'Asia/Kathmandu')).toBe('2026-11-10');
  });
});

describe('ingestWindow', () => {
  it('runs from local midnight to twelve hours after the day ends', () => {
    const window = ingestWindow('2026-11-09', 'America/Mexico_City');
    expect(new Date(window.startMs).toISOString()).toBe('2026-11-09T06:00:00.000Z');
    expect(new Date(window.endMs).toISOString()).toBe('2026-11-10T18:00:00.000Z');
  });

  it('contains every instant whose stream started that day and ran less than twelve hours past midnight', () => {
    const zones = ['UTC', 'America/Mexico_City', 'Asia/Kolkata', 'Australia/Adelaide', 'America/St_Johns'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }),
        fc.integer({ min: 0, max: 11 * 3600 * 1000 }),
        (zone, streamStartMs, clipAfterMs) => {
          const day = localDateOf(new Date(streamStartMs), zone);
          const window = ingestWindow(day, zone);
          const clipMs = streamStartMs + clipAfterMs;
          expect(streamStartMs).toBeGreaterThanOrEqual(window.startMs);
          // A clip within 11 h of a start on that day is at most 11 h past the day's end.
          expect(clipMs).toBeLessThan(window.endMs);
          expect(window.endMs - window.startMs).toBeGreaterThanOrEqual(STREAM_SPILLOVER_MS + 23 * 3600 * 1000);
        },
      ),
    );
  });
});

describe('clipSpan', () => {
  it('spans the created_at estimate and the VOD estimate, whichever is wider', () => {
    const span = clipSpan({
      clip_created_at: '2026-11-03T18:21:05Z',
      clip_duration: 60,
      vod_offset: 4670,
      video_id: '2612004411',
      video_started_at: '2026-11-03T17:02:11Z',
    });
    expect(new Date(span.startMs).toISOString()).toBe('2026-11-03T18:20:01.000Z');
    expect(new Date(span.endMs).toISOString()).toBe('2026-11-03T18:21:05.000Z');
  });

  it('falls back to created_at when Twitch has not set vod_offset', () => {
    const span = clipSpan({
      clip_created_at: '2026-11-10T01:29:40Z',
      clip_duration: 30,
      vod_offset: null,
      video_id: '2616871235',
      video_started_at: '2026-11-09T22:00:05Z',
    });
    expect(span.endMs - span.startMs).toBe(30_000);
  });
});
