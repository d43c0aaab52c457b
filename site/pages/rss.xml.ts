import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { loadPublishedPosts } from '../lib/posts.ts';
import { SITE_DESCRIPTION, SITE_TITLE } from '../lib/site.ts';

/** The 50 newest published posts; drafts and scheduled posts never appear (see `loadPublishedPosts`). */
export const GET: APIRoute = async ({ site }) => {
  const { posts } = await loadPublishedPosts();
  return rss({
    title: SITE_TITLE,
    description: SITE_DESCRIPTION,
    site: site ?? 'http://localhost:8787',
    // Titles and descriptions are untrusted text; @astrojs/rss escapes them as XML text.
    items: posts.slice(0, 50).map((post) => ({
      title: post.data.title,
      description: post.data.description,
      link: `/posts/${post.id}/`,
      pubDate: new Date(post.data.publish_at),
      categories: post.data.tags,
    })),
    trailingSlash: true,
  });
};
