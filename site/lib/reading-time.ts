const WORDS_PER_MINUTE = 220;
const words = new Intl.Segmenter('en', { granularity: 'word' });

/** Words a reader reads in a markdown body: link targets, code fences' markers and markup excluded. */
export function wordCount(markdown: string): number {
  const prose = markdown
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/^```.*$/gm, '')
    .replace(/<[^>]*>/g, ' ');
  let count = 0;
  for (const segment of words.segment(prose)) if (segment.isWordLike) count++;
  return count;
}

/** Whole minutes to read, at least 1. */
export function readingMinutes(markdown: string): number {
  return Math.max(1, Math.round(wordCount(markdown) / WORDS_PER_MINUTE));
}
