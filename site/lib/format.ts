const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * At most `max` user-perceived characters of `text`, whitespace collapsed, cut at a word boundary
 * when one is near, with an ellipsis when anything was cut. Never splits an emoji or a flag.
 */
export function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // Segmenting is the costly part, so only a prefix that surely holds `max` graphemes is segmented;
  // the whole text only when graphemes are unusually long (e.g. many joined emoji).
  const head = flat.slice(0, max * 8);
  const cut = PRINTABLE_ASCII.test(head) ? asciiPrefix(flat, max) : graphemePrefix(flat, head, max);
  if (cut === undefined) return flat;
  const lastSpace = cut.lastIndexOf(' ');
  const base = lastSpace > cut.length * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${base.replace(/[\s.,;:!?-]+$/, '')}…`;
}

// Printable ASCII characters are one grapheme each, so a prefix of them needs no segmenting (most
// transcripts are English, and segmenting them is the costliest step of a post page, bench:build).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The first `max` characters of `flat`, whose first `max * 8` are printable ASCII; undefined if it has no more. */
function asciiPrefix(flat: string, max: number): string | undefined {
  return flat.length <= max ? undefined : flat.slice(0, max);
}

/** The first `max` graphemes of `flat` (`head` is a prefix of it); undefined if it has no more. */
function graphemePrefix(flat: string, head: string, max: number): string | undefined {
  let chars = Array.from(graphemes.segment(head), (s) => s.segment);
  if (chars.length <= max && head.length < flat.length) chars = Array.from(graphemes.segment(flat), (s) => s.segment);
  return chars.length <= max ? undefined : chars.slice(0, max).join('');
}

/** The subject line of a commit message. */
export function firstLine(message: string): string {
  return message.split(/\r?\n/, 1)[0]?.trim() ?? '';
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** `5 s`, `27.4 s`, `1:00`, `12:05`: clip lengths as a viewer reads them. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

// Building a DateTimeFormat costs far more than formatting with one, and a build formats
// thousands of dates in a handful of zones.
const longDates = new Map<string, Intl.DateTimeFormat>();
const fullDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' });

/** An instant as a calendar date in the post's zone, e.g. `November 4, 2026`. */
export function formatDate(instant: string, timeZone: string): string {
  let format = longDates.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone });
    longDates.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/** A `YYYY-MM-DD` local date as written, e.g. `Monday, November 9, 2026`; no zone conversion. */
export function formatLocalDate(date: string): string {
  return fullDate.format(new Date(`${date}T00:00:00Z`));
}

/** The days a post covers: one date, or `first – last`. */
export function formatPeriod(period: { start: string; end: string }): string {
  return period.start === period.end
    ? formatLocalDate(period.start)
    : `${formatLocalDate(period.start)} – ${formatLocalDate(period.end)}`;
}

/** Confidence 0–1 as a whole percentage. */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

const TWITCH_PREVIEW_SIZE = /-preview-(\d{2,4})x(\d{2,4})\.(?:jpe?g|png|webp)$/i;

/** Twitch encodes a thumbnail's size in its URL (`…-preview-480x272.jpg`); 480×272 otherwise. */
export function thumbnailSize(url: string): { width: number; height: number } {
  const match = TWITCH_PREVIEW_SIZE.exec(new URL(url).pathname);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : { width: 480, height: 272 };
}

/** A signed offset from a clip as a reader says it: `3 min after the clip`, `40 s before the clip`. */
export function formatOffset(seconds: number): string {
  const abs = Math.abs(seconds);
  const amount =
    abs < 60
      ? `${Math.round(abs)} s`
      : abs < 3600
        ? `${Math.round(abs / 60)} min`
        : `${Number((abs / 3600).toFixed(1))} h`;
  return abs < 1 ? 'at the clip' : `${amount} ${seconds < 0 ? 'before' : 'after'} the clip`;
}
