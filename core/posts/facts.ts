import type { ContentCategory, ContentItem } from '../schemas/content-item.ts';
import type { GitHubContext } from '../schemas/github-context.ts';
import type { ContentType } from '../schemas/post.ts';

/** What a post is about: a type, a period of local days, and for `topic_focus` a tag or repository. */
export interface PostRequest {
  content_type: ContentType;
  period: { start: string; end: string };
  timezone: string;
  topic?: string;
}

/** Everything a post is written from. Pure data: the generator, the judge and the PR body read only this. */
export interface PostFacts extends PostRequest {
  /** The clips the post is about, in stream order: ready, development-like, on topic. */
  featured: ContentItem[];
  /** The blog's origin (the only site a post links to besides Twitch and GitHub). */
  site_url: string;
}

/** Categories a post is written about; gaming and chatter clips stay on Twitch. */
const POST_CATEGORIES: ReadonlySet<ContentCategory> = new Set(['development', 'tutorial', 'review']);

/** A post people read to the end: a busy day features its best clips, not all of them. */
export const MAX_FEATURED: Record<PostRequest['content_type'], number> = {
  daily_recap: 12,
  weekly_summary: 20,
  topic_focus: 15,
};

/**
 * The items a post features: ready for content, in a development-like category, and for a topic post
 * tagged with the topic or linked to the repository; at most `MAX_FEATURED` of them, the best
 * scored. Stream order, so sections follow the day.
 */
export function selectFeatured(items: readonly ContentItem[], request: PostRequest): ContentItem[] {
  const byId = (a: ContentItem, b: ContentItem) => a.content_item_id.localeCompare(b.content_item_id);
  return items
    .filter((item) => item.processing_status === 'ready_for_content')
    .filter((item) => item.content_category !== undefined && POST_CATEGORIES.has(item.content_category))
    .filter((item) => request.content_type !== 'topic_focus' || onTopic(item, request.topic ?? ''))
    .sort((a, b) => (b.content_score ?? 0) - (a.content_score ?? 0) || byId(a, b))
    .slice(0, MAX_FEATURED[request.content_type])
    .sort((a, b) => a.clip_created_at.localeCompare(b.clip_created_at) || byId(a, b));
}

function onTopic(item: ContentItem, topic: string): boolean {
  if (topic.includes('/')) return (item.github_context?.repositories ?? []).includes(topic);
  return (item.content_tags ?? []).includes(topic);
}

export type CitedKind = 'commit' | 'pull_request' | 'issue' | 'release';

/** One piece of GitHub activity a post may cite: linked to a featured clip with evidence beyond time. */
export interface CitedLink {
  kind: CitedKind;
  url: string;
  repository: string;
  occurred_at: string;
  /** Plain, untrusted text: commit subject, PR/issue title, release name. */
  text: string;
  /** `a1b2c3d`, `#13`, `v1.4.0`. */
  ref: string;
  /** PR/issue state or action, e.g. `merged`, `opened`. */
  action: string | null;
  confidence: number;
  reason: string;
}

/** Every link of one context, strongest first within its kind. */
export function linksOf(context: GitHubContext | undefined): CitedLink[] {
  if (!context) return [];
  return [
    ...context.commits.map((c) => ({
      kind: 'commit' as const,
      url: c.url,
      repository: c.repository,
      occurred_at: c.occurred_at,
      text: c.message.split('\n')[0] ?? '',
      ref: c.sha.slice(0, 7),
      action: null,
      confidence: c.confidence,
      reason: c.reason,
    })),
    ...context.pull_requests.map((p) => ({
      kind: 'pull_request' as const,
      url: p.url,
      repository: p.repository,
      occurred_at: p.occurred_at,
      text: p.title,
      ref: `#${p.number}`,
      action: p.state === 'merged' ? 'merged' : p.action,
      confidence: p.confidence,
      reason: p.reason,
    })),
    ...context.issues.map((i) => ({
      kind: 'issue' as const,
      url: i.url,
      repository: i.repository,
      occurred_at: i.occurred_at,
      text: i.title,
      ref: `#${i.number}`,
      action: i.action,
      confidence: i.confidence,
      reason: i.reason,
    })),
    ...context.releases.map((r) => ({
      kind: 'release' as const,
      url: r.url,
      repository: r.repository,
      occurred_at: r.occurred_at,
      text: r.name ?? r.tag_name,
      ref: r.tag_name,
      action: r.prerelease ? 'prerelease' : 'published',
      confidence: r.confidence,
      reason: r.reason,
    })),
  ];
}

/** Every link the post may cite, once each (the most confident match wins), in time order. */
export function citedLinks(featured: readonly ContentItem[]): CitedLink[] {
  const byUrl = new Map<string, CitedLink>();
  for (const item of featured) {
    for (const link of linksOf(item.github_context)) {
      const seen = byUrl.get(link.url);
      if (!seen || link.confidence > seen.confidence) byUrl.set(link.url, link);
    }
  }
  return [...byUrl.values()].sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.url.localeCompare(b.url));
}

/** Repositories of the featured clips, most linked first. */
export function repositoriesOf(featured: readonly ContentItem[]): string[] {
  const counts = new Map<string, number>();
  for (const link of citedLinks(featured)) counts.set(link.repository, (counts.get(link.repository) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([repo]) => repo);
}

/** Tags of the featured clips, most frequent first. */
export function tagsOf(featured: readonly ContentItem[], max = 8): string[] {
  const counts = new Map<string, number>();
  for (const item of featured) for (const tag of item.content_tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([tag]) => tag);
}
