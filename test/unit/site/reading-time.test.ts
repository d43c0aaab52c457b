import fc from 'fast-check';
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

  it('counts what word patterns over the text with tags and references blanked find, for any HTML', () => {
    const blanked = (html: string) => html.replace(/<[^>]*>|&(?:#\d+|#x[\da-f]+|[a-z][\da-z]*);/gi, ' ');
    const run = /[\p{L}\p{N}][\p{L}\p{N}\p{M}_'’-]*/gu;
    const trimmed = /[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}_'’-]*[\p{L}\p{N}\p{M}])?/gu;
    const pieces = fc.constantFrom(
      'a',
      'Z',
      '7',
      'é',
      '\u0301',
      '東',
      '²',
      '𝒜',
      '\ud800',
      '_',
      "'",
      '’',
      '-',
      ' ',
      '.',
      '—',
      '<b>',
      '<',
      '>',
      '&amp;',
      '&AMP;',
      '&',
      '#',
      'x',
      'X',
      'f',
      ';',
      '&#',
      '&#x',
      '&#12;',
      '&#x1F;',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const html = parts.join('');
        const expected = blanked(html).match(run)?.length ?? 0;
        expect(wordCount(html)).toBe(expected);
        expect(blanked(html).match(trimmed)?.length ?? 0).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads 220 words a minute and never says 0 minutes', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes(`<p>${'word '.repeat(660)}</p>`)).toBe(3);
  });
});
