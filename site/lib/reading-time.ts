const WORDS_PER_MINUTE = 220;
/** A run of letters or digits, with the apostrophes and joiners that sit inside words. */
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}_'’-]*[\p{L}\p{N}\p{M}])?/gu;
const counted = new Map<string, number>();

/**
 * Words a reader reads in a markdown body: link targets, fence markers and markup excluded.
 * Memoized by body, since listings show the same post's reading time on many pages.
 */
export function wordCount(markdown: string): number {
  const known = counted.get(markdown);
  if (known !== undefined) return known;
  const prose = markdown
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/^```.*$/gm, '')
    .replace(/<[^>]*>/g, ' ');
  const count = prose.match(WORD)?.length ?? 0;
  counted.set(markdown, count);
  return count;
}

/** Whole minutes to read, at least 1. */
export function readingMinutes(markdown: string): number {
  return Math.max(1, Math.round(wordCount(markdown) / WORDS_PER_MINUTE));
}
