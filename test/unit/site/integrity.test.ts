import { describe, expect, it } from 'vitest';
import { findContentProblems } from '../../../site/lib/integrity.ts';

const ITEMS = new Set(['twitch-A-1', 'twitch-B_2']);

function post(content_item_ids: string[], timezone = 'America/Mexico_City') {
  return { id: 'a-post', filePath: 'content/posts/2026/a-post.md', data: { content_item_ids, timezone } };
}

describe('findContentProblems', () => {
  it('accepts posts whose items all exist', () => {
    expect(findContentProblems([post(['twitch-A-1', 'twitch-B_2'])], ITEMS)).toEqual([]);
  });

  it('names the post file and every missing item id', () => {
    expect(findContentProblems([post(['twitch-A-1', 'twitch-gone', 'twitch-also-gone'])], ITEMS)).toEqual([
      'content/posts/2026/a-post.md: content_item_ids has no content/items/<id>.json for twitch-gone, twitch-also-gone',
    ]);
  });

  it('matches ids exactly, case included', () => {
    expect(findContentProblems([post(['twitch-a-1'])], ITEMS)).toHaveLength(1);
  });

  it('rejects a time zone the runtime does not know', () => {
    expect(findContentProblems([post([], 'Mars/Olympus_Mons')], ITEMS)).toEqual([
      'content/posts/2026/a-post.md: timezone "Mars/Olympus_Mons" is not an IANA time zone',
    ]);
  });

  it('falls back to the collection and id when the loader gave no file path', () => {
    const [problem] = findContentProblems([{ id: 'x', data: { content_item_ids: ['nope'], timezone: 'UTC' } }], ITEMS);
    expect(problem).toMatch(/^posts → x: /);
  });
});
