import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import { type SyncSummary, syncGitHubActivity } from '../../../pipeline/src/github/sync-activity.ts';
import { GitHubActivityStore } from '../../../store/github/activity-store.ts';
import { testClock, testDeps } from '../helpers/deps.ts';
import { GITHUB_TEST_START, githubBase, githubVars, lastSeq, requestsSince } from './helpers.ts';
import { enhance, seedTranscribed } from './seed.ts';

const base = githubBase('sync-activity');
const WINDOW = { startMs: Date.parse('2026-11-02T00:00:00Z'), endMs: Date.parse('2026-11-11T00:00:00Z') };

afterAll(async () => {
  await base.server.assertNoUnexpected();
});

async function commit(sha: string) {
  return env.DB.prepare('SELECT committed_ms, message, url, event_id FROM github_commits WHERE sha = ?1')
    .bind(sha)
    .first<{ committed_ms: number; message: string; url: string; event_id: string }>();
}

describe('syncGitHubActivity against the local GitHub', () => {
  const { deps } = testDeps(githubVars(base.baseUrl), testClock(GITHUB_TEST_START));
  let early: ContentItem;
  let first: SyncSummary;
  let requestsAfterFirst = 0;

  // One sync of the fixture world, after a clip was matched while GitHub had nothing yet (events
  // arrive up to hours late). The tests below read what it stored.
  beforeAll(async () => {
    early = await enhance(deps, await seedTranscribed(deps, 'A4'));
    first = await syncGitHubActivity(deps, WINDOW);
    requestsAfterFirst = await lastSeq(base);
  });

  it('matched the clip with nothing before the sync', () => {
    expect(early.processing_status).toBe('ready_for_content');
    expect(early.github_context?.commits).toEqual([]);
  });

  it('reads both pages, skips the other person’s repository and rejects nothing', () => {
    expect(first.fetched).toBe(32);
    expect(first.foreign).toBe(1);
    expect(first.rejected).toBe(0);
    expect(first.raw_r2_keys).toHaveLength(2);
  });

  it('re-enhances the clip its late push lands after', async () => {
    expect(first.reenhanced).toEqual([early.content_item_id]);
    const late = await deps.items.get(early.content_item_id);
    expect(late?.processing_status).toBe('ready_for_content');
    // b0cfab9 shares `green` and `test` with "Tests finally green"; e43ce13, pushed with it, shares
    // nothing with the clip and is only nearby.
    const shas = late?.github_context?.commits.map((c) => c.sha.slice(0, 7));
    expect(shas).toEqual(['b0cfab9']);
    expect(late?.github_context?.commits[0]?.reason).toMatch(
      /^pushed 2\.5 min after the clip in codewithmara\/payments-api; both mention/,
    );
    expect(late?.github_context?.nearby?.map((n) => n.label.slice(0, 7))).toContain('e43ce13');
  });

  it('keeps each commit once, at its first push, when the merge push repeats the feature branch', async () => {
    const featureCommit = await commit('2332f5a8f07acc492baa1051055282796a79ae02');
    expect(new Date(featureCommit?.committed_ms ?? 0).toISOString()).toBe('2026-11-03T18:24:51.000Z');
    const rows = await env.DB.prepare(
      'SELECT COUNT(*) AS n, COUNT(DISTINCT sha) AS distinct_shas FROM github_commits',
    ).first<{ n: number; distinct_shas: number }>();
    expect(rows?.n).toBe(rows?.distinct_shas);
    const merge = await commit('877fb938d5f9a388e24de34b76e67fa4e0160488');
    expect(merge?.message).toMatch(/^Merge pull request #42/);
  });

  it('links the new-branch push to its branch without a compare call that can only 404', async () => {
    const row = await commit('a14506d3d1eb962e7d709eb7c13bdd4b86fa0067');
    expect(row?.url).toBe('https://github.com/codewithmara/payments-api/commits/feat/connect-payouts');
    expect(row?.message).toBe('');
    const zeroCompares = (await requestsSince(base, 0)).filter((r) => r.path.includes('/compare/0000000'));
    expect(zeroCompares).toEqual([]);
  });

  it('ignores events in other people’s repositories', async () => {
    const row = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM github_events WHERE repository NOT LIKE 'codewithmara/%'",
    ).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it('titles pull requests through the pulls endpoint, since the events carry none', async () => {
    const activity = await new GitHubActivityStore(env.DB).activityBetween(WINDOW.startMs, WINDOW.endMs);
    const merged = activity.find((a) => a.id === 'codewithmara/payments-api#42:merged');
    expect(merged?.kind === 'pull_request' && merged.title).toBe('Fix duplicate receipts from Stripe webhook retries');
    expect(merged?.kind === 'pull_request' && merged.state).toBe('merged');
  });

  it('changes nothing and resolves nothing again when run twice', async () => {
    const before = await deps.items.get(early.content_item_id);
    const again = await syncGitHubActivity(deps, WINDOW);
    expect(again.changed).toBe(0);
    expect(again.reenhanced).toEqual([]);
    // Only the two event pages again: resolved events are not compared or looked up twice.
    const paths = (await requestsSince(base, requestsAfterFirst)).map((request) => request.path);
    expect(paths).toEqual([`${base.prefix}/users/codewithmara/events`, `${base.prefix}/users/codewithmara/events`]);
    expect((await deps.items.get(early.content_item_id))?.updated_at).toBe(before?.updated_at);
  });
});
