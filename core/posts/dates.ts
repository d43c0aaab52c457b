/** Local dates (`YYYY-MM-DD`) as a reader says them. The date alone fixes the weekday; no zone needed. */
const noon = (date: string) => new Date(`${date}T12:00:00Z`);

export function weekdayOf(date: string): string {
  return new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(noon(date));
}

/** `November 9, 2026`. */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(noon(date));
}

/** `Nov 9` or `Nov 3–9` or `Oct 30–Nov 5`. */
export function shortPeriod(period: { start: string; end: string }): string {
  const month = (d: string) => new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(noon(d));
  const day = (d: string) => String(Number(d.slice(8, 10)));
  if (period.start === period.end) return `${month(period.start)} ${day(period.start)}`;
  if (period.start.slice(0, 7) === period.end.slice(0, 7)) {
    return `${month(period.start)} ${day(period.start)}–${day(period.end)}`;
  }
  return `${month(period.start)} ${day(period.start)}–${month(period.end)} ${day(period.end)}`;
}
