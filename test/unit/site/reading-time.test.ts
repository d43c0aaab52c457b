import { describe, expect, it } from 'vitest';
import { readingMinutes, wordCount } from '../../../site/lib/reading-time.ts';

describe('reading time', () => {
  it('counts words of the text, not link targets, markup or character references', () => {
    const html =
      '<p>Read <a href="https://github.com/o/r/issues/41">the issue</a> now.</p>\n<pre class="language-php"><code class="language-php"><span class="token keyword">echo</span> 1 &lt; 2;</code></pre>';
    expect(wordCount(html)).toBe(7); // Read the issue now echo 1 2
  });

  it('keeps words whole across apostrophes and joiners, and counts non-Latin words', () => {
    expect(wordCount("<p>it's a well-known café — naïve 東京 2026</p>")).toBe(7);
  });

  it('reads 220 words a minute and never says 0 minutes', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes(`<p>${'word '.repeat(660)}</p>`)).toBe(3);
  });
});
