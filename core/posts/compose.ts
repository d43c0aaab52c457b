import type { PostFrontmatter } from '../schemas/post.ts';
import { addDays } from '../time/local-day.ts';
import { startOfLocalDay } from '../time/zoned-day.ts';
import { citedLinks, type PostFacts, repositoriesOf, tagsOf } from './facts.ts';
import { serializeFrontmatter } from './front-matter.ts';
import { offlineProse, type PostProse } from './prose.ts';
import { clipSection, dayHeading, leadSection, shippedSection } from './sections.ts';
import { plainText, plainTitle, truncate } from './untrusted-text.ts';

/** What wrote the post, recorded in its front matter (`generated_by`). */
export interface Provenance {
  pipeline_version: string;
  ai_provider: 'workers-ai' | 'offline';
  generated_at: string;
}

export interface ComposedPost {
  /** `content/posts/<yyyy>/<slug>.md` */
  path: string;
  slug: string;
  frontmatter: PostFrontmatter;
  body: string;
}

/**
 * A post from its facts and prose, judge verdict not yet attached. The slug comes from the facts
 * (the offline title), never from model prose, so a rewrite by the model keeps the same file.
 */
export function composePost(facts: PostFacts, prose: PostProse, provenance: Provenance): ComposedPost {
  const slug = slugFor(facts);
  const frontmatter: PostFrontmatter = {
    title: truncate(plainTitle(prose.title) || plainTitle(offlineProse(facts).title), 200),
    description: truncate(plainText(prose.description) || plainText(offlineProse(facts).description), 300),
    publish_at: publishAt(facts),
    draft: false,
    content_type: facts.content_type,
    period: facts.period,
    timezone: facts.timezone,
    tags: tagsOf(facts.featured),
    content_item_ids: facts.featured.map((item) => item.content_item_id),
    repositories: repositoriesOf(facts.featured).slice(0, 20),
    ...(bestClip(facts) ? { hero_clip_id: bestClip(facts) } : {}),
    content_score: postScore(facts),
    generated_by: provenance,
  };
  return {
    path: `content/posts/${facts.period.start.slice(0, 4)}/${slug}.md`,
    slug,
    frontmatter,
    body: renderBody(facts, prose),
  };
}

/** The post file: safe front matter, then the body. */
export function postFile(post: ComposedPost): string {
  return `${serializeFrontmatter(post.frontmatter)}\n${post.body}`;
}

export function renderBody(facts: PostFacts, prose: PostProse): string {
  const options = { siteUrl: facts.site_url, timezone: facts.timezone };
  const blocks: string[][] = [leadSection(prose.lead)];
  if (facts.content_type === 'weekly_summary') {
    for (const [day, items] of byLocalDay(facts)) {
      blocks.push(dayHeading(day));
      for (const item of items) {
        blocks.push(
          clipSection(item, summaryOf(prose, item.content_item_id), { ...options, headingLevel: 3, showDay: false }),
        );
      }
    }
  } else {
    const showDay = facts.period.start !== facts.period.end;
    for (const item of facts.featured) {
      blocks.push(clipSection(item, summaryOf(prose, item.content_item_id), { ...options, headingLevel: 2, showDay }));
    }
  }
  blocks.push(shippedSection(citedLinks(facts.featured), facts.site_url));
  return `${blocks
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}

/**
 * A clip's own paragraph, if the prose has one. Looked up as an own key: an item id is any SafeId,
 * so `constructor` or `toString` must not find `Object.prototype`'s function instead.
 */
function summaryOf(prose: PostProse, id: string): string | undefined {
  return Object.hasOwn(prose.summaries, id) ? prose.summaries[id] : undefined;
}

function byLocalDay(facts: PostFacts): [string, PostFacts['featured']][] {
  const days = new Map<string, PostFacts['featured']>();
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: facts.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  for (const item of facts.featured) {
    const day = format.format(new Date(item.clip_created_at));
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return [...days.entries()];
}

/** Readable and stable: `2026-11-09-python-ocr-fallback-for-scanned-pdfs`. */
export function slugFor(facts: PostFacts): string {
  const words = plainTitle(offlineProse(facts).title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '' && !STOP_WORDS.has(word))
    .slice(0, 6)
    .join('-');
  const prefix =
    facts.content_type === 'daily_recap'
      ? facts.period.start
      : facts.content_type === 'weekly_summary'
        ? `week-${facts.period.start}`
        : `${facts.period.start}-to-${facts.period.end}`;
  return `${prefix}${words ? `-${words}` : ''}`.slice(0, 120).replace(/-+$/, '');
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'and', 'of', 'to', 'for', 'in', 'on', 'with', 'week', 'from']);

/** 09:00 local on the day after the period: readers get it with their morning coffee. */
function publishAt(facts: PostFacts): string {
  const next = addDays(facts.period.end, 1);
  return new Date(startOfLocalDay(next, facts.timezone) + 9 * 3_600_000).toISOString().replace('.000Z', 'Z');
}

function bestClip(facts: PostFacts): string | undefined {
  const best = [...facts.featured].sort((a, b) => (b.content_score ?? 0) - (a.content_score ?? 0))[0];
  return best?.content_item_id;
}

/** The mean of the best three clip scores: a post is as good as its best material. */
function postScore(facts: PostFacts): number {
  const scores = facts.featured
    .map((item) => item.content_score ?? 0)
    .sort((a, b) => b - a)
    .slice(0, 3);
  if (scores.length === 0) return 0;
  return Math.round((scores.reduce((sum, s) => sum + s, 0) / scores.length) * 10) / 10;
}
