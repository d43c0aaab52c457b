import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  escapeHtml,
  feedSearch,
  postSearchHtml,
  registerSearchCollector,
  type SearchRecord,
} from '../../../site/lib/search-feed.ts';

afterEach(() => registerSearchCollector(undefined));

describe('search feed', () => {
  it('hands records to the registered collector, and does nothing without one', () => {
    feedSearch({ url: '/posts/a/', html: '' });
    const seen: SearchRecord[] = [];
    registerSearchCollector({ add: (record) => seen.push(record), end: () => undefined });
    feedSearch({ url: '/posts/b/', html: '<p>b</p>' });
    expect(seen).toEqual([{ url: '/posts/b/', html: '<p>b</p>' }]);
  });

  it('escapes titles and descriptions and keeps the sanitized body as markup', () => {
    const html = postSearchHtml({
      title: "</title><script>alert('t')</script>",
      description: '"><img src=x onerror=alert(1)>',
      bodyHtml: '<p>Body <strong>text</strong></p>',
      clipTitles: ['<b>clip</b> & more'],
    });
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</title>');
    expect(html).toContain('<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html).toContain('<p>Body <strong>text</strong></p>');
    expect(html).toContain('<h3>&lt;b&gt;clip&lt;/b&gt; &amp; more</h3>');
    expect(html).toContain('<main data-pagefind-body>');
  });

  it('leaves no markup character in escaped text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });
});
