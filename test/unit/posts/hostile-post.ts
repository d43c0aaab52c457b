import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Provenance } from '../../../core/posts/compose.ts';
import type { PostFacts } from '../../../core/posts/facts.ts';
import type { PostProse } from '../../../core/posts/prose.ts';
import { ContentItem } from '../../../core/schemas/content-item.ts';
import { githubContextFromFixtures } from '../../fixtures/builders.ts';
import { hostileText, PROTOTYPE_KEYS } from '../../lib/hostile-text.ts';

/**
 * A post's inputs where every untrusted field is hostile: clip titles, creator names, transcripts,
 * commit messages, PR/issue titles, release names and tags, match reasons, link URLs, and the
 * model's prose (title, description, lead, per-clip summaries keyed by any id, prototype keys too).
 * The items are the sample world's (test/fixtures/posts/items.json) with those fields replaced,
 * and each one still passes the ContentItem schema, as anything read from D1 would.
 */
export const SITE_URL = 'https://blog.example.dev';

export const sampleItems = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/posts/items.json'), 'utf8')) as unknown[]
)
  .map((item) => ContentItem.parse(item))
  .filter((item) => item.processing_status === 'ready_for_content');
const context = githubContextFromFixtures();

/** Hostile text cut to a schema's bounds; `fallback` when a field may not be empty. */
const bounded = (max: number, fallback?: string) =>
  hostileText.map((text) => {
    const cut = text.slice(0, max);
    return fallback !== undefined && cut === '' ? fallback : cut;
  });

/** Link targets that are GitHub's, someone else's, or a markdown break-out attempt (all valid http(s) URLs). */
const linkUrl = (original: string) =>
  fc.constantFrom(
    original,
    'https://evil.example/phish',
    'https://github.com/a)](javascript:alert(1)',
    'https://github.com/x"onmouseover="alert(1)',
    'http://github.com/codewithmara/payments-api/pull/1',
    'https://github.com.evil.example/x',
    `${SITE_URL}/posts/x`,
  );

/** SafeId-shaped ids, some of them names that live on `Object.prototype`. */
const itemId = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^twitch-[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS.filter((key) => /^[A-Za-z0-9]/.test(key))) },
);

const hostileItem = fc
  .record({
    base: fc.constantFrom(...sampleItems),
    id: itemId,
    title: bounded(1_000),
    creator: bounded(100, 'x'),
    transcript: bounded(5_000),
    commit: bounded(2_000),
    pull: bounded(1_000),
    issue: bounded(1_000),
    release: fc.option(bounded(1_000), { nil: null }),
    tag: bounded(255, 'v1'),
    reason: bounded(500, 'r'),
  })
  .chain((fields) =>
    fc
      .record({
        commitUrl: linkUrl(context.commits[0]?.url ?? ''),
        pullUrl: linkUrl(context.pull_requests[0]?.url ?? ''),
        clipUrl: linkUrl(fields.base.clip_url),
      })
      .map((urls) => ({ ...fields, ...urls })),
  )
  .map(
    ({
      base,
      id,
      title,
      creator,
      transcript,
      commit,
      pull,
      issue,
      release,
      tag,
      reason,
      commitUrl,
      pullUrl,
      clipUrl,
    }) =>
      ContentItem.parse({
        ...base,
        content_item_id: id,
        clip_title: title,
        clip_url: clipUrl,
        creator_name: creator,
        transcript: { ...base.transcript, text: transcript },
        github_context: {
          ...context,
          commits: context.commits.map((c, i) => ({
            ...c,
            message: commit,
            reason,
            ...(i === 0 ? { url: commitUrl } : {}),
          })),
          pull_requests: context.pull_requests.map((p, i) => ({
            ...p,
            title: pull,
            reason,
            ...(i === 0 ? { url: pullUrl } : {}),
          })),
          issues: context.issues.map((x) => ({ ...x, title: issue, reason })),
          releases: context.releases.map((r) => ({ ...r, name: release, tag_name: tag, reason })),
        },
      }),
  );

const TIME_ZONES = ['UTC', 'America/Mexico_City', 'Asia/Kathmandu', 'Pacific/Kiritimati'];

export interface HostilePost {
  facts: PostFacts;
  prose: PostProse;
  provenance: Provenance;
}

export const hostilePost: fc.Arbitrary<HostilePost> = fc
  .record({
    items: fc.uniqueArray(hostileItem, { minLength: 1, maxLength: 3, selector: (item) => item.content_item_id }),
    type: fc.constantFrom('daily_recap', 'weekly_summary', 'topic_focus') as fc.Arbitrary<PostFacts['content_type']>,
    timezone: fc.constantFrom(...TIME_ZONES),
    title: hostileText,
    description: hostileText,
    lead: hostileText,
    summaries: fc.array(fc.tuple(fc.oneof(itemId, fc.constantFrom(...PROTOTYPE_KEYS)), hostileText), { maxLength: 4 }),
    summaryForEach: fc.boolean(),
    version: bounded(50),
  })
  .map(({ items, type, timezone, title, description, lead, summaries, summaryForEach, version }) => {
    // A record built key by key, so `__proto__` is an own key as JSON.parse would make it from model output.
    const byId: Record<string, string> = {};
    const put = (key: string, value: string) =>
      Object.defineProperty(byId, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of summaries) put(key, value);
    if (summaryForEach) for (const item of items) put(item.content_item_id, title);
    const period =
      type === 'daily_recap' ? { start: '2026-11-03', end: '2026-11-03' } : { start: '2026-11-02', end: '2026-11-08' };
    return {
      facts: {
        content_type: type,
        period,
        timezone,
        ...(type === 'topic_focus' ? { topic: 'stripe' } : {}),
        featured: items,
        site_url: SITE_URL,
      },
      prose: { title, description, lead, summaries: byId },
      provenance: { pipeline_version: version, ai_provider: 'workers-ai', generated_at: '2026-11-10T03:00:00Z' },
    };
  });
