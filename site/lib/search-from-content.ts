import type { Loader } from 'astro/loaders';
import type { PostFrontmatter } from '../../core/schemas/post.ts';
import { endSearchFeed, feedSearch, postSearchHtml } from './search-feed.ts';
import type { SiteItem } from './site-item.ts';
import { type Store, withSet } from './store-with-set.ts';
import { isPublished } from './visibility.ts';

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
 * Wraps the posts and items loaders so that every published post's searchable document goes to
 * the search collector (site/integrations/pagefind.ts), if a build registered one, as soon as the
 * post is rendered. Pagefind indexes it in its own process, on the core that markdown rendering on
 * Node's main thread leaves idle, instead of after prerendering (docs/blog.md, "Search"). The
 * document is the one the post page marks searchable: title, description, the rendered
 * (sanitized) body and the clip titles.
 *
 * A post's clip titles come from the items, which load beside the posts (in builds, on a worker
 * thread: site/lib/items-loader.ts), so posts rendered before the items are in wait for them.
 * Posts a cached build does not render again (unchanged files) are fed from the store when the
 * posts and items have loaded, and then the feed ends.
 *
 * Posts are published by the same rule as pages (`isPublished`), at the time the posts started
 * loading; the integration checks the fed set against the post pages actually built and indexes
 * the pages instead when they differ (a post going live mid-build, say).
 */
export function feedSearchFromContent(loaders: { posts: Loader; items: Loader }): { posts: Loader; items: Loader } {
  let itemStore: Store | undefined;
  let itemsReady = false;
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
        itemsReady = true;
        itemsSettled();
      }
    },
  };
  const posts: Loader = {
    ...loaders.posts,
    name: `${loaders.posts.name}+search-feed`,
    load: async (context) => {
      const now = new Date();
      // Fed once each: the sweep below meets every post rendered during the load again.
      const fed = new Set<string>();
      // Posts rendered before the items have loaded wait for their clip titles.
      const waiting: StoredPost[] = [];
      const flushed = itemsLoaded.then(() => {
        for (const post of waiting.splice(0)) feedPost(post, itemStore);
      });
      const feed = (post: StoredPost) => {
        if (fed.has(post.id) || !isPublished(post.data, now)) return;
        fed.add(post.id);
        if (itemsReady) feedPost(post, itemStore);
        else waiting.push(post);
      };
      await loaders.posts.load({ ...context, store: feedingOnSet(context.store, feed) });
      await flushed;
      for (const post of context.store.values() as unknown as StoredPost[]) feed(post);
      endSearchFeed();
    },
  };
  return { posts, items };
}

/** `store`, but every entry set is also handed to `onSet` once stored. */
function feedingOnSet(store: Store, onSet: (post: StoredPost) => void): Store {
  return withSet(store, (entry) => {
    const stored = store.set(entry);
    onSet(entry as unknown as StoredPost);
    return stored;
  });
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
