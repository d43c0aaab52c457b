import type { Loader } from 'astro/loaders';

/**
 * `loader`, storing of each entry's rendering only its HTML.
 *
 * Astro's markdown rendering also stores `rendered.metadata`: the headings, image paths and a
 * second copy of the frontmatter, for `render()` to return as `headings` and
 * `remarkPluginFrontmatter`. No page here uses them, and posts have no local images. The content
 * store is serialized, bundled into the prerender code and parsed again on every build, and the
 * metadata came to about a fifth of its values at 1,000 posts (docs/blog.md, "Build speed").
 * Astro's loader store is an object of functions, so a copy with its own `set` is a whole store.
 */
export function htmlOnlyRendering(loader: Loader): Loader {
  return {
    ...loader,
    load: ({ store, ...context }) =>
      loader.load({
        ...context,
        store: {
          ...store,
          set: (entry) => store.set(entry.rendered ? { ...entry, rendered: { html: entry.rendered.html } } : entry),
        },
      }),
  };
}
