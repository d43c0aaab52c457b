import type { Loader, LoaderContext } from 'astro/loaders';
import type { PostFrontmatter } from '../../core/schemas/post.ts';
import { endSearchFeed, feedSearch, postSearchHtml } from './search-feed.ts';
import type { SiteItem } from './site-item.ts';
import { publishedPosts } from './visibility.ts';

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

type Store = LoaderContext['store'];

/**
 * Wraps the posts and items loaders so that, once both have loaded, every published post's
 * searchable document goes to the search collector (site/integrations/pagefind.ts), if a build
 * registered one. Pagefind then indexes and writes its files in its own process while Astro writes
 * its content store, and is done before the server bundle starts, instead of working after
 * prerendering (docs/blog.md, "Search"). The document is the one the post page marks searchable:
 * title, description, the rendered (sanitized) body and the clip titles.
 *
 * Posts are published by the same rule as pages (`publishedPosts`), at the time the content
 * loaded; the integration checks the fed set against the post pages actually built and indexes
 * the pages instead when they differ (a post going live mid-build, say).
 */
export function feedSearchFromContent(loaders: { posts: Loader; items: Loader }): { posts: Loader; items: Loader } {
  const stores: { posts?: Store; items?: Store } = {};
  const loaded = (name: 'posts' | 'items', store: Store) => {
    stores[name] = store;
    if (stores.posts && stores.items) feedPublished(stores.posts, stores.items);
  };
  const wrap = (name: 'posts' | 'items', inner: Loader): Loader => ({
    ...inner,
    name: `${inner.name}+search-feed`,
    load: async (context) => {
      await inner.load(context);
      loaded(name, context.store);
    },
  });
  return { posts: wrap('posts', loaders.posts), items: wrap('items', loaders.items) };
}

function feedPublished(postStore: Store, itemStore: Store): void {
  const posts = [...postStore.values()] as unknown as StoredPost[];
  for (const post of publishedPosts(posts, new Date())) {
    const clipTitles = post.data.content_item_ids.flatMap((id) => {
      const item = itemStore.get(id) as StoredItem | undefined;
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
  endSearchFeed();
}
