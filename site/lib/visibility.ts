import type { PostFrontmatter } from '../../core/schemas/post.ts';

type Visibility = Pick<PostFrontmatter, 'draft' | 'publish_at'>;

/** A post is public when it is not a draft and its `publish_at` is not after `now`. */
export function isPublished(post: Visibility, now: Date): boolean {
  return !post.draft && Date.parse(post.publish_at) <= now.getTime();
}

/**
 * The posts a reader may see, newest `publish_at` first; equal times fall back to the id so the
 * order does not depend on the order files were read in.
 */
export function publishedPosts<T extends { id: string; data: Visibility }>(posts: readonly T[], now: Date): T[] {
  return posts
    .filter((post) => isPublished(post.data, now))
    .sort((a, b) => Date.parse(b.data.publish_at) - Date.parse(a.data.publish_at) || a.id.localeCompare(b.id));
}
