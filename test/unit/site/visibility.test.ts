import { describe, expect, it } from 'vitest';
import { isPublished, publishedPosts } from '../../../site/lib/visibility.ts';

const NOW = new Date('2026-11-10T12:00:00Z');

function post(id: string, publish_at: string, draft = false) {
  return { id, data: { publish_at, draft } };
}

describe('isPublished', () => {
  it('shows a post whose publish_at has passed', () => {
    expect(isPublished({ draft: false, publish_at: '2026-11-04T15:00:00Z' }, NOW)).toBe(true);
  });

  it('shows a post at the exact instant it is scheduled for', () => {
    expect(isPublished({ draft: false, publish_at: '2026-11-10T12:00:00Z' }, NOW)).toBe(true);
  });

  it('hides a post scheduled one second in the future', () => {
    expect(isPublished({ draft: false, publish_at: '2026-11-10T12:00:01Z' }, NOW)).toBe(false);
  });

  it('compares instants, not strings, across UTC offsets', () => {
    // 06:00:01 in Mexico City is 12:00:01Z, one second after NOW, although the string sorts earlier.
    expect(isPublished({ draft: false, publish_at: '2026-11-10T06:00:01-06:00' }, NOW)).toBe(false);
    expect(isPublished({ draft: false, publish_at: '2026-11-10T05:59:59-06:00' }, NOW)).toBe(true);
  });

  it('hides a draft even when its publish_at has passed', () => {
    expect(isPublished({ draft: true, publish_at: '2020-01-01T00:00:00Z' }, NOW)).toBe(false);
  });
});

describe('publishedPosts', () => {
  it('keeps only public posts, newest publish_at first', () => {
    const posts = [
      post('older', '2026-11-04T15:00:00Z'),
      post('draft', '2026-11-05T15:00:00Z', true),
      post('newest', '2026-11-10T11:00:00Z'),
      post('scheduled', '2026-11-11T15:00:00Z'),
      post('middle', '2026-11-06T15:00:00Z'),
    ];
    expect(publishedPosts(posts, NOW).map((p) => p.id)).toEqual(['newest', 'middle', 'older']);
  });

  it('orders posts published at the same instant by id, whatever order they were read in', () => {
    const a = post('a', '2026-11-04T15:00:00Z');
    const b = post('b', '2026-11-04T15:00:00Z');
    expect(publishedPosts([b, a], NOW).map((p) => p.id)).toEqual(['a', 'b']);
    expect(publishedPosts([a, b], NOW).map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('does not reorder the array it was given', () => {
    const posts = [post('old', '2026-11-01T00:00:00Z'), post('new', '2026-11-02T00:00:00Z')];
    publishedPosts(posts, NOW);
    expect(posts.map((p) => p.id)).toEqual(['old', 'new']);
  });
});
