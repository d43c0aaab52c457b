import type { Loader, LoaderContext } from 'astro/loaders';
import { describe, expect, it } from 'vitest';
import { htmlOnlyRendering } from '../../../site/lib/html-only-rendering.ts';

type DataEntry = Parameters<LoaderContext['store']['set']>[0];

/** A store that records what is set: like Astro's own loader store, an object of functions. */
function recordingStore() {
  const entries = new Map<string, DataEntry>();
  return {
    set: (entry: DataEntry) => !!entries.set(entry.id, entry),
    get: (id: string) => entries.get(id),
  };
}

describe('htmlOnlyRendering', () => {
  it("stores an entry's rendered HTML without the metadata Astro adds, and everything else as it was", async () => {
    const store = recordingStore();
    const loader: Loader = {
      name: 'markdown',
      load: async ({ store }) => {
        store.set({
          id: 'day-1',
          data: { title: 'Day 1' },
          digest: 'abc',
          filePath: 'content/posts/2026/day-1.md',
          rendered: {
            html: '<h2 id="what-broke">What broke</h2>',
            metadata: {
              headings: [{ depth: 2, slug: 'what-broke', text: 'What broke' }],
              frontmatter: { title: 'Day 1' },
            },
          },
        });
        store.set({ id: 'plain', data: { title: 'No rendering' } });
      },
    };

    const wrapped = htmlOnlyRendering(loader);
    await wrapped.load({ store } as unknown as LoaderContext);

    expect(wrapped.name).toBe('markdown');
    expect(store.get('day-1')).toEqual({
      id: 'day-1',
      data: { title: 'Day 1' },
      digest: 'abc',
      filePath: 'content/posts/2026/day-1.md',
      rendered: { html: '<h2 id="what-broke">What broke</h2>' },
    });
    expect(store.get('plain')).toEqual({ id: 'plain', data: { title: 'No rendering' } });
  });
});
