const WORDS_PER_MINUTE = 220;
/** A run of letters or digits, with the apostrophes and joiners that sit inside words. */
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}_'’-]*[\p{L}\p{N}\p{M}])?/gu;
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
  const count = text.match(WORD)?.length ?? 0;
  counted.set(html, count);
  return count;
}

/** Whole minutes to read, at least 1. */
export function readingMinutes(html: string): number {
  return Math.max(1, Math.round(wordCount(html) / WORDS_PER_MINUTE));
}
