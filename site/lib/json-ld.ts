import type { PostFrontmatter } from '../../core/schemas/post.ts';
import { excerpt } from './format.ts';
import type { SiteItem } from './site-item.ts';

/**
 * JSON for a `<script type="application/ld+json">` element. Titles and transcripts are untrusted,
 * so every character that could end the element or start markup (`<`, `>`, `&`) and the two line
 * separators JavaScript parsers reject are written as `\u` escapes: the result contains no `<` at
 * all, and parses back to exactly `data`.
 */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** ISO 8601 duration of a clip, e.g. `PT27.4S`, `PT1M5S`. */
export function isoDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = Number((seconds - minutes * 60).toFixed(1));
  return `PT${minutes > 0 ? `${minutes}M` : ''}${rest > 0 || minutes === 0 ? `${rest}S` : ''}`;
}

interface BlogPostingInput {
  post: Pick<PostFrontmatter, 'title' | 'description' | 'publish_at' | 'updated_at' | 'tags'>;
  url: string;
  image?: string | undefined;
  wordCount: number;
  siteName: string;
  siteUrl: string;
  clips: readonly { item: SiteItem; playerUrl?: string | undefined }[];
}

/** A schema.org BlogPosting for a post, with one VideoObject per clip. */
export function blogPostingLd({ post, url, image, wordCount, siteName, siteUrl, clips }: BlogPostingInput) {
  const author = clips[0]?.item.broadcaster_name;
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.description,
    url,
    mainEntityOfPage: url,
    datePublished: post.publish_at,
    dateModified: post.updated_at ?? post.publish_at,
    ...(image && { image }),
    wordCount,
    keywords: post.tags.join(', '),
    ...(author && { author: { '@type': 'Person', name: author } }),
    publisher: { '@type': 'Organization', name: siteName, url: siteUrl },
    video: clips.map(({ item, playerUrl }) => videoObjectLd(item, playerUrl)),
  };
}

/** A schema.org VideoObject for one clip. */
export function videoObjectLd(item: SiteItem, playerUrl?: string) {
  const spoken = item.transcript?.text.trim();
  return {
    '@type': 'VideoObject',
    name: item.clip_title.trim() || 'Untitled clip',
    description: spoken
      ? excerpt(spoken, 300)
      : `A ${item.clip_duration} s clip from ${item.broadcaster_name}'s stream.`,
    thumbnailUrl: item.clip_thumbnail_url,
    uploadDate: item.clip_created_at,
    duration: isoDuration(item.clip_duration),
    contentUrl: item.clip_url,
    ...(playerUrl && { embedUrl: playerUrl }),
    interactionStatistic: {
      '@type': 'InteractionCounter',
      interactionType: { '@type': 'WatchAction' },
      userInteractionCount: item.clip_view_count,
    },
  };
}
