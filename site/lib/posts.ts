import { type CollectionEntry, getCollection } from 'astro:content';
import { findContentProblems } from './integrity.ts';
import { publishedPosts } from './visibility.ts';

export type Post = CollectionEntry<'posts'>;
export type Item = CollectionEntry<'items'>;

interface Published {
  posts: Post[];
  items: Map<string, Item>;
}

let loaded: Promise<Published> | undefined;

/**
 * The posts readers may see, newest first, after checking every post (drafts included) against
 * the items collection. Throws, and so fails the build, when any post is broken. Every listing,
 * the feed, the sitemap and the search index are built from this one list.
 */
export function loadPublishedPosts(): Promise<Published> {
  // Loaded once, at the first call, so every page, feed and index of a build agrees on what is
  // published. Not at module load: workerd reports the epoch for the time there.
  loaded ??= load(new Date());
  return loaded;
}

async function load(now: Date): Promise<Published> {
  const [allPosts, allItems] = await Promise.all([getCollection('posts'), getCollection('items')]);
  const items = new Map(allItems.map((item) => [item.id, item]));
  const problems = findContentProblems(allPosts, new Set(items.keys()));
  if (problems.length > 0) {
    throw new Error(`Invalid content:\n${problems.join('\n')}`);
  }
  return { posts: publishedPosts(allPosts, now), items };
}

/** A post's items in front-matter order; `loadPublishedPosts` has already proved they exist. */
export function itemsOf(post: Post, items: ReadonlyMap<string, Item>): Item[] {
  return post.data.content_item_ids.flatMap((id) => {
    const item = items.get(id);
    return item ? [item] : [];
  });
}
