import { addDays } from './local-day.ts';

/** Minutes that `timeZone` is ahead of UTC at `instantMs` (e.g. -360 for America/Mexico_City, 330 for Asia/Kolkata). */
export function zoneOffsetMinutes(instantMs: number, timeZone: string): number {
  const parts = clockFormat(timeZone).formatToParts(new Date(instantMs));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

// One formatter per zone: building one costs far more than using it, and a day's bounds take four.
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = clockFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    clockFormats.set(timeZone, format);
  }
  return format;
}

/** The UTC instant (ms) at which local midnight starts `date` (`YYYY-MM-DD`) in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): number {
  const naive = Date.parse(`${date}T00:00:00Z`);
  // Two passes settle the offset even when midnight sits next to a DST change.
  let instant = naive - zoneOffsetMinutes(naive, timeZone) * 60_000;
  instant = naive - zoneOffsetMinutes(instant, timeZone) * 60_000;
  return instant;
}

/** `[start, end)` of a local day in UTC milliseconds. */
export function localDayBounds(date: string, timeZone: string): { startMs: number; endMs: number } {
  return { startMs: startOfLocalDay(date, timeZone), endMs: startOfLocalDay(addDays(date, 1), timeZone) };
}
