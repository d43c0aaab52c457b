const WORDS_PER_MINUTE = 220;

/** Letters and digits outside ASCII: a word starts with one. */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Combining marks outside ASCII: they continue a word (`naïve` written with U+0308). */
const MARK = /^\p{M}$/u;
const RIGHT_SINGLE_QUOTE = 0x2019;

const counted = new Map<string, number>();

/**
 * Words a reader reads in a rendered post body: text only, so link targets, markup and code fences
 * do not count (code itself does). It reads the HTML the content layer rendered rather than the
 * markdown, so the build need not keep each post's source in the content store. Memoized by body,
 * since listings show the same post's reading time on many pages.
 *
 * A word is a run of letters or digits with the marks, apostrophes, hyphens and underscores that
 * sit inside it (`it's`, `well-known`, `naïve`); tags (`<…>`) and character references (`&lt;`,
 * `&#8217;`) separate words, and their letters are not words. It is one pass over the characters,
 * with ASCII decided by character code: the same count as matching `[\p{L}\p{N}][\p{L}\p{N}\p{M}_'’-]*`
 * (flags `gu`) over the HTML with its tags and references blanked (test/unit/site/reading-time.test.ts),
 * in less than half the time, which matters because counting words is the costliest step of
 * prerendering a post (bench:build).
 */
export function wordCount(html: string): number {
  const known = counted.get(html);
  if (known !== undefined) return known;
  let count = 0;
  let inWord = false;
  let i = 0;
  while (i < html.length) {
    const code = html.charCodeAt(i);
    if (code === 0x3c /* < */) {
      const end = html.indexOf('>', i + 1);
      if (end !== -1) {
        inWord = false;
        i = end + 1;
        continue;
      }
    } else if (code === 0x26 /* & */) {
      const end = referenceEnd(html, i);
      if (end !== -1) {
        inWord = false;
        i = end;
        continue;
      }
    }
    if (code < 0x80) {
      if (isAsciiLetterOrDigit(code)) {
        if (!inWord) count++;
        inWord = true;
      } else if (!((inWord && (code === 0x5f /* _ */ || code === 0x27 /* ' */ || code === 0x2d)) /* - */)) {
        inWord = false;
      }
      i++;
      continue;
    }
    const point = html.codePointAt(i) ?? code;
    const char = String.fromCodePoint(point);
    if (LETTER_OR_DIGIT.test(char)) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(inWord && (point === RIGHT_SINGLE_QUOTE || MARK.test(char)))) {
      inWord = false;
    }
    i += char.length;
  }
  counted.set(html, count);
  return count;
}

/** Whole minutes to read, at least 1. */
export function readingMinutes(html: string): number {
  return Math.max(1, Math.round(wordCount(html) / WORDS_PER_MINUTE));
}

function isAsciiLetterOrDigit(code: number): boolean {
  const lower = code | 0x20;
  return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
}

function isAsciiHexDigit(code: number): boolean {
  const lower = code | 0x20;
  return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x66);
}

/**
 * Where the character reference starting at `start` (an `&`) ends, just past its `;`, or -1 if
 * there is none: `&#<digits>;`, `&#x<hex digits>;` or `&<letter><letters or digits>;`, any case.
 */
function referenceEnd(html: string, start: number): number {
  let i = start + 1;
  let accepts: (code: number) => boolean;
  if (html.charCodeAt(i) === 0x23 /* # */) {
    i++;
    if ((html.charCodeAt(i) | 0x20) === 0x78 /* x */ && isAsciiHexDigit(html.charCodeAt(i + 1))) {
      i++;
      accepts = isAsciiHexDigit;
    } else {
      accepts = (code) => code >= 0x30 && code <= 0x39;
    }
  } else {
    const first = html.charCodeAt(i) | 0x20;
    if (first < 0x61 || first > 0x7a) return -1;
    accepts = isAsciiLetterOrDigit;
  }
  const digitsStart = i;
  while (i < html.length && accepts(html.charCodeAt(i))) i++;
  return i > digitsStart && html.charCodeAt(i) === 0x3b /* ; */ ? i + 1 : -1;
}
