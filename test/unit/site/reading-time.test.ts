import { describe, expect, it } from 'vitest';
import { readingMinutes, wordCount } from '../../../site/lib/reading-time.ts';

describe('reading time', () => {
  it('counts words, not link targets or fence markers', () => {
    expect(wordCount('Read [the issue](https://github.com/o/r/issues/41) now.\n\n```php\necho 1;\n```')).toBe(6);
  });

  it('reads 220 words a minute and never says 0 minutes', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes('word '.repeat(660))).toBe(3);
  });
});
