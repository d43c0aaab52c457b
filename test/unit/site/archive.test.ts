import { describe, expect, it } from 'vitest';
import { byTag, byYear, publishYear } from '../../../site/lib/archive.ts';

const post = (id: string, publish_at: string, tags: string[] = [], timezone = 'UTC') => ({
  id,
  data: { publish_at, timezone, tags },
});

describe('archive grouping', () => {
  it('dates a post by its own time zone: 00:30 UTC on New Year is still the old year in Mexico City', () => {
    expect(publishYear(post('a', '2027-01-01T00:30:00Z', [], 'America/Mexico_City'))).toBe('2026');
    expect(publishYear(post('a', '2027-01-01T00:30:00Z'))).toBe('2027');
  });

  it('groups by year, newest year first, keeping order inside a year', () => {
    const groups = byYear([
      post('c', '2027-02-01T00:00:00Z'),
      post('b', '2026-05-01T00:00:00Z'),
      post('a', '2026-01-01T00:00:00Z'),
    ]);
    expect(groups.map((g) => [g.year, g.posts.map((p) => p.id)])).toEqual([
      ['2027', ['c']],
      ['2026', ['b', 'a']],
    ]);
  });

  it('lists each tag once per post, most used tags first', () => {
    const groups = byTag([
      post('a', '2026-01-01T00:00:00Z', ['vue', 'laravel', 'vue']),
      post('b', '2026-01-02T00:00:00Z', ['laravel']),
    ]);
    expect(groups.map((g) => [g.tag, g.posts.map((p) => p.id)])).toEqual([
      ['laravel', ['a', 'b']],
      ['vue', ['a']],
    ]);
  });
});
