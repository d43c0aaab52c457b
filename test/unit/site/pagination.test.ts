import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageUrl, paginate } from '../../../site/lib/pagination.ts';

describe('paginate', () => {
  it('splits 23 posts into pages of 10, 10 and 3 with links between them', () => {
    const pages = paginate(
      Array.from({ length: 23 }, (_, i) => i),
      10,
      '/',
    );
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 3]);
    expect(pages.map((p) => [p.prev, p.next])).toEqual([
      [undefined, '/page/2/'],
      ['/', '/page/3/'],
      ['/page/2/', undefined],
    ]);
    expect(pages.every((p) => p.total === 3)).toBe(true);
  });

  it('gives an empty listing one empty page', () => {
    expect(paginate([], 10, '/tags/x/')).toEqual([{ number: 1, total: 1, items: [] }]);
  });

  it('puts the first page at the base URL and the rest under page/<n>/', () => {
    expect(pageUrl('/tags/vue/', 1)).toBe('/tags/vue/');
    expect(pageUrl('/tags/vue/', 4)).toBe('/tags/vue/page/4/');
  });

  it('rejects a page size that is not a positive integer', () => {
    expect(() => paginate([1], 0, '/')).toThrow(RangeError);
  });

  it('keeps every item exactly once and in order, on pages no larger than the size', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 30 }), (items, size) => {
        const pages = paginate(items, size, '/');
        expect(pages.flatMap((p) => p.items)).toEqual(items);
        expect(pages.every((p) => p.items.length <= size)).toBe(true);
        expect(pages.slice(0, -1).every((p) => p.items.length === size)).toBe(true);
      }),
    );
  });
});
