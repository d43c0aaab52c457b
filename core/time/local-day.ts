/** The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  return dateFormat(timeZone).format(instant);
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and a day's ingest asks
// for hundreds of dates in one zone, so one per zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    // en-CA formats as YYYY-MM-DD; Intl handles half-hour offsets and DST.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** The date `days` before (negative) or after (positive) a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    dateFormat(timeZone);
    return true;
  } catch {
    return false;
  }
}
