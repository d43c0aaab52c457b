import type { Loader, LoaderContext } from 'astro/loaders';
import { afterEach, describe, expect, it } from 'vitest';
import { registerSearchCollector, type SearchRecord } from '../../../site/lib/search-feed.ts';
import { feedSearchFromContent } from '../../../site/lib/search-from-content.ts';

afterEach(() => registerSearchCollector(undefined));

type Entry = { id: string; data: Record<string, unknown>; rendered?: { html: string } };

/** A loader that puts `entries` in its store, after `delay` ms, as a glob loader would. */
function loaderOf(entries: Entry[], delay = 0): { loader: Loader; context: LoaderContext } {
  const map = new Map(entries.map((entry) => [entry.id, entry]));
  const store = { values: () => [...map.values()], get: (id: string) => map.get(id) };
  const context = { store } as unknown as LoaderContext;
  const loader: Loader = { name: 'fake', load: () => new Promise((resolve) => setTimeout(resolve, delay)) };
  return { loader, context };
}

const post = (id: string, extra: Record<string, unknown> = {}): Entry => ({
  id,
  data: {
    title: `Title <${id}>`,
    description: 'About it',
    draft: false,
    publish_at: '2026-11-01T10:00:00Z',
    content_item_ids: ['i1', 'missing', 'i2'],
    ...extra,
  },
  rendered: { html: `<p>Body of ${id}</p>` },
});

describe('feedSearchFromContent', () => {
  it('feeds every published post in the store once the posts and items have loaded, then ends the feed', async () => {
    const records: SearchRecord[] = [];
    let ended = 0;
    registerSearchCollector({ add: (record) => records.push(record), end: () => ended++ });
    const posts = loaderOf([
      post('live'),
      post('draft', { draft: true }),
      post('scheduled', { publish_at: '2999-01-01T00:00:00Z' }),
    ]);
    const items = loaderOf(
      [
        { id: 'i1', data: { clip_title: '<b>First</b>' } },
        { id: 'i2', data: { clip_title: '   ' } },
      ],
      20,
    );
    const wrapped = feedSearchFromContent({ posts: posts.loader, items: items.loader });
    await Promise.all([wrapped.posts.load(posts.context), wrapped.items.load(items.context)]);
    expect(ended).toBe(1);
    expect(records.map((record) => record.url)).toEqual(['/posts/live/']);
    const html = records[0]?.html ?? '';
    expect(html).toContain('<title>Title &lt;live&gt;</title>');
    expect(html).toContain('<p>Body of live</p>');
    expect(html).toContain('<h3>&lt;b&gt;First&lt;/b&gt;</h3><h3>Untitled clip</h3>');
  });

  it('feeds the posts only once the items, which load beside them, are in', async () => {
    const records: SearchRecord[] = [];
    let ended = 0;
    registerSearchCollector({ add: (record) => records.push(record), end: () => ended++ });
    const items = loaderOf([{ id: 'i1', data: { clip_title: 'First' } }], 20);
    const posts = loaderOf([post('first'), post('second')]);
    const wrapped = feedSearchFromContent({ posts: posts.loader, items: items.loader });

    const loadingPosts = wrapped.posts.load(posts.context);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Every post is stored already; none is fed without its clip titles.
    expect(records).toEqual([]);
    await wrapped.items.load(items.context);
    await loadingPosts;

    expect(records.map((record) => record.url)).toEqual(['/posts/first/', '/posts/second/']);
    expect(records[0]?.html).toContain('<h3>First</h3>');
    expect(ended).toBe(1);
  });

  it('lets the posts load when the items failed to, so the sync reports that error', async () => {
    const failing: Loader = { name: 'glob', load: () => Promise.reject(new Error('items broke')) };
    const posts = loaderOf([post('live')]);
    const wrapped = feedSearchFromContent({ posts: posts.loader, items: failing });
    await expect(wrapped.items.load(posts.context)).rejects.toThrow('items broke');
    await expect(wrapped.posts.load(posts.context)).resolves.toBeUndefined();
  });

  it('does nothing outside a build, where no collector is registered', async () => {
    const posts = loaderOf([post('live')]);
    const items = loaderOf([]);
    const wrapped = feedSearchFromContent({ posts: posts.loader, items: items.loader });
    await Promise.all([wrapped.posts.load(posts.context), wrapped.items.load(items.context)]);
    expect(wrapped.posts.name).toBe('fake+search-feed');
  });
});
