import type { Loader, LoaderContext } from 'astro/loaders';
import type { PostFrontmatter } from '../../core/schemas/post.ts';
import { endSearchFeed, feedSearch, postSearchHtml } from './search-feed.ts';
import type { SiteItem } from './site-item.ts';
import { isPublished } from './visibility.ts';

type Store = LoaderContext['store'];

/** Store entries as the collections' schemas (site/content.config.ts) leave them. */
interface StoredPost {
  id: string;
  data: PostFrontmatter;
  rendered?: { html: string };
}
interface StoredItem {
  id: string;
  data: SiteItem;
}

/**
 * Wraps the posts and items loaders so that, once both have loaded, every published post's
 * searchable document goes to the search collector (site/integrations/pagefind.ts), if a build
 * registered one; Pagefind then indexes in its own process while Astro bundles and prerenders,
 * instead of parsing the built pages afterwards (docs/blog.md, "Search"). The document is the one
 * the post page marks searchable: title, description, the rendered (sanitized) body and the clip
 * titles, which come from the items.
 *
 * Posts are published by the same rule as pages (`isPublished`), at the time the posts started
 * loading; the integration checks the fed set against the post pages actually built and indexes
 * the pages instead when they differ (a post going live mid-build, say).
 */
export function feedSearchFromContent(loaders: { posts: Loader; items: Loader }): { posts: Loader; items: Loader } {
  let itemStore: Store | undefined;
  let itemsSettled: () => void = () => {};
  const itemsLoaded = new Promise<void>((resolve) => {
    itemsSettled = resolve;
  });
  const items: Loader = {
    ...loaders.items,
    name: `${loaders.items.name}+search-feed`,
    load: async (context) => {
      try {
        await loaders.items.load(context);
        itemStore = context.store;
      } finally {
        // Also when loading failed: the sync reports that error, and posts must not wait forever.
        itemsSettled();
      }
    },
  };
  const posts: Loader = {
    ...loaders.posts,
    name: `${loaders.posts.name}+search-feed`,
    load: async (context) => {
      const now = new Date();
      await loaders.posts.load(context);
      await itemsLoaded;
      for (const post of context.store.values() as unknown as StoredPost[]) {
        if (isPublished(post.data, now)) feedPost(post, itemStore);
      }
      endSearchFeed();
    },
  };
  return { posts, items };
}

function feedPost(post: StoredPost, itemStore: Store | undefined): void {
  const clipTitles = post.data.content_item_ids.flatMap((id) => {
    const item = itemStore?.get(id) as StoredItem | undefined;
    return item ? [item.data.clip_title.trim() || 'Untitled clip'] : [];
  });
  feedSearch({
    url: `/posts/${post.id}/`,
    html: postSearchHtml({
      title: post.data.title,
      description: post.data.description,
      bodyHtml: post.rendered?.html ?? '',
      clipTitles,
    }),
  });
}
