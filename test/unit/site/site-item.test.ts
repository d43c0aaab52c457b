import { describe, expect, it } from 'vitest';
import { ContentItem } from '../../../core/schemas/content-item.ts';
import { githubLinks } from '../../../site/lib/github.ts';
import { SiteItemSchema } from '../../../site/lib/site-item.ts';
import { loadFixture } from './load-item.ts';

const MATCHED = 'twitch-ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd';

describe('SiteItemSchema', () => {
  it('keeps what pages show: GitHub activity as the cards list it, the transcript as text', async () => {
    const raw = await loadFixture(MATCHED);
    const item = ContentItem.parse(raw);
    const site = SiteItemSchema.parse(raw);

    if (!item.github_context) throw new Error(`${MATCHED} should have a GitHub context`);
    expect(site.github_links).toEqual(githubLinks(item.github_context));
    expect(site.github_links?.length).toBeGreaterThan(0);
    expect(site).not.toHaveProperty('github_context');
    expect(site.transcript).toEqual({ text: item.transcript?.text, language: item.transcript?.language });
    expect(site).not.toHaveProperty('processing_status');
  });

  it('tells an item never matched (no links) from one matched to nothing (empty links)', async () => {
    const raw = (await loadFixture(MATCHED)) as Record<string, unknown>;
    const { github_context, ...unmatched } = raw;
    const empty = { ...(github_context as object), commits: [], pull_requests: [], issues: [], releases: [] };

    expect(SiteItemSchema.parse(unmatched)).not.toHaveProperty('github_links');
    expect(SiteItemSchema.parse({ ...raw, github_context: empty }).github_links).toEqual([]);
  });

  it('still rejects an item that breaks the ContentItem schema', async () => {
    const raw = (await loadFixture(MATCHED)) as Record<string, unknown>;
    expect(SiteItemSchema.safeParse({ ...raw, clip_view_count: -1 }).success).toBe(false);
  });
});
