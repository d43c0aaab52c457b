import { describe, expect, it } from 'vitest';
import { matchClip } from '../../../core/matching/match-clip.ts';
import { placeClip } from '../../../core/matching/place-clip.ts';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import { scoreItem } from '../../../core/scoring/score-item.ts';
import {
  detailsOf,
  enhancedItemOf,
  fixtureActivity,
  helixClips,
  manifestClips,
  timingOf,
  transcriptText,
  USERNAME,
} from '../matching/fixture-world.ts';

const activity = fixtureActivity();
const clips = helixClips();

function fixtureItem(key: string): { item: ContentItem; details: ReturnType<typeof detailsOf> } {
  const entry = manifestClips().find((clip) => clip.key === key);
  const clip = entry && clips.get(entry.clip_id);
  if (!entry || !clip) throw new Error(`no clip ${key}`);
  const text = transcriptText(entry.transcript_file);
  const github_context = matchClip(placeClip(timingOf(clip)), { title: clip.title, transcript: text }, activity, {
    username: USERNAME,
    now: '2026-11-10T01:40:00Z',
  });
  const item = {
    ...enhancedItemOf(clip),
    ...(text
      ? {
          transcript: {
            text,
            language: 'en',
            segments: [],
            model: '@cf/openai/whisper-large-v3-turbo',
            provenance: { source: 'offline-file', transcribed_at: '2026-11-10T01:00:00Z', discarded_segment_count: 0 },
          },
        }
      : {}),
    github_context,
  } satisfies ContentItem;
  return { item, details: detailsOf(clip) };
}

describe('scoring and categories on the fixture world', () => {
  it('matches the manifest: development clips are development, the Minecraft clip is gaming', () => {
    for (const entry of manifestClips()) {
      if (entry.transcript_file === null) continue;
      const { item, details } = fixtureItem(entry.key);
      const { content_category } = scoreItem(item, details);
      if (!entry.is_development) expect(content_category, entry.key).toBe('gaming');
      else if (entry.key !== 'C4') expect(content_category, entry.key).toBe('development');
    }
  });

  it('calls the silent clip in a development category "other" when nothing links to it', () => {
    const { item, details } = fixtureItem('C4');
    const bare = { ...item, github_context: undefined };
    expect(scoreItem(bare, details).content_category).toBe('other');
  });

  it('keeps the silent clip "other" with its time-only neighbours nearby: time never makes a clip development', () => {
    const { item, details } = fixtureItem('C4');
    const context = item.github_context;
    if (!context) throw new Error('the silent clip has a GitHub context');
    expect([...context.commits, ...context.pull_requests, ...context.issues, ...context.releases]).toEqual([]);
    expect(context.nearby?.map((entry) => entry.label)).toContain('#43 WIP: verify Stripe-Signature v2');
    expect(scoreItem(item, details)).toEqual(scoreItem({ ...item, github_context: undefined }, details));
  });

  it('calls the XSS clip development from its own words (vue, escaping the HTML), with nothing linked', () => {
    const { item, details } = fixtureItem('A3');
    const context = item.github_context;
    if (!context) throw new Error('the XSS clip has a GitHub context');
    expect([...context.commits, ...context.pull_requests, ...context.issues, ...context.releases]).toEqual([]);
    expect(scoreItem(item, details).content_category).toBe('development');
  });

  it('tags from the vocabulary, found in the clip and its linked commits', () => {
    const idempotency = fixtureItem('A2');
    expect(scoreItem(idempotency.item, idempotency.details).content_tags).toEqual(
      expect.arrayContaining(['laravel', 'stripe', 'idempotency', 'webhooks']),
    );
    const ocr = fixtureItem('C1');
    expect(scoreItem(ocr.item, ocr.details).content_tags).toEqual(expect.arrayContaining(['python', 'ocr']));
    const inertia = fixtureItem('B4');
    expect(scoreItem(inertia.item, inertia.details).content_tags).toEqual(expect.arrayContaining(['inertia', 'react']));
  });

  it('keeps a gaming clip’s tags to what the clip itself says', () => {
    const { item, details } = fixtureItem('B5');
    const tags = scoreItem(item, details).content_tags;
    expect(tags).toContain('minecraft');
    expect(tags).not.toContain('stripe');
  });

  it('scores in 0–100, deterministically, and ranks a linked development clip above the gaming one', () => {
    const scores = manifestClips()
      .filter((entry) => entry.transcript_file !== null)
      .map((entry) => {
        const { item, details } = fixtureItem(entry.key);
        const first = scoreItem(item, details);
        expect(scoreItem(structuredClone(item), details)).toEqual(first);
        expect(first.content_score).toBeGreaterThanOrEqual(0);
        expect(first.content_score).toBeLessThanOrEqual(100);
        return [entry.key, first.content_score] as const;
      });
    const score = Object.fromEntries(scores);
    expect(score.A2).toBeGreaterThan(score.B5 ?? 100);
  });

  it('does not let more views turn a gaming clip into development', () => {
    const { item, details } = fixtureItem('B5');
    expect(scoreItem({ ...item, clip_view_count: 1_000_000 }, details).content_category).toBe('gaming');
  });
});
