import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { PostFrontmatter } from '../core/schemas/post.ts';
import { htmlOnlyRendering } from './lib/html-only-rendering.ts';
import { itemsLoader } from './lib/items-loader.ts';
import { feedSearchFromContent } from './lib/search-from-content.ts';
import { SiteItemSchema } from './lib/site-item.ts';

// The schemas are core's own zod objects, not copies: `zod` and `astro/zod` resolve to the same
// zod 4 package, and Astro only needs a zod 4 schema (it checks `_zod` and calls `safeParseAsync`).

// Both collections feed the build's search index once loaded (site/lib/search-from-content.ts).
// The folder holding `posts/` and `items/`: `./content` (CI, deploys, `npm run build`), or the
// `STREAMLOG_CONTENT_DIR` that `npm start` sets to the local content repository's merged `main`.
const contentDir = (process.env.STREAMLOG_CONTENT_DIR || './content').replace(/\/+$/, '');

const loaders = feedSearchFromContent({
  // `content/posts/<yyyy>/<slug>.md`; the id is the slug, so URLs stay `/posts/<slug>/`.
  // Of the markdown, only the rendered HTML is kept in the store: pages use nothing else (reading
  // time counts its words).
  posts: htmlOnlyRendering(
    glob({
      base: `${contentDir}/posts`,
      pattern: '**/*.md',
      generateId: ({ entry }) => fileStem(entry),
      retainBody: false,
    }),
  ),
  // `content/items/<content_item_id>.json` (site/lib/items-loader.ts).
  items: itemsLoader(contentDir),
});

const posts = defineCollection({ loader: loaders.posts, schema: PostFrontmatter });
// Validated as ContentItems; only what pages show is stored (site/lib/site-item.ts).
const items = defineCollection({ loader: loaders.items, schema: SiteItemSchema });

function fileStem(entry: string): string {
  return (entry.split('/').at(-1) ?? entry).replace(/\.[^.]+$/, '');
}

export const collections = { posts, items };
