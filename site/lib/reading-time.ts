const WORDS_PER_MINUTE = 220;
/**
 * A word is a run of letters or digits with the marks, apostrophes and joiners that sit inside it
 * (`it's`, `well-known`, `naïve`). Counting words is counting the runs of those characters that
 * hold a letter or digit: one match per run, from its first letter or digit to its end, found
 * without backtracking (a pattern that trims the joiners off each end costs about twice as much
 * over 1,000 posts).
 */
const WORD_RUN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}_'’-]*/gu;
const counted = new Map<string, number>();

/**
 * Words a reader reads in a rendered post body: text only, so link targets, markup and code fences
 * do not count (code itself does). It reads the HTML the content layer rendered rather than the
 * markdown, so the build need not keep each post's source in the content store. Memoized by body,
 * since listings show the same post's reading time on many pages.
 */
export function wordCount(html: string): number {
  const known = counted.get(html);
  if (known !== undefined) return known;
  // Tags and character references separate words; a reference's letters (`&lt;`) are not words.
  const text = html.replace(/<[^>]*>|&(?:#\d+|#x[\da-f]+|[a-z][\da-z]*);/gi, ' ');
  const count = text.match(WORD_RUN)?.length ?? 0;
  counted.set(html, count);
  return count;
}

/** Whole minutes to read, at least 1. */
export function readingMinutes(html: string): number {
  return Math.max(1, Math.round(wordCount(html) / WORDS_PER_MINUTE));
}
