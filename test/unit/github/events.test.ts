import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent, parseEventPage } from '../../../core/github/event.ts';
import { mergeActivity } from '../../../core/github/merge.ts';
import { activityFromEvent, needsCompare, needsPull } from '../../../core/github/normalise.ts';
import { isOwnRepository } from '../../../core/github/ownership.ts';
import type { GitHubActivity } from '../../../core/pipeline/contracts.ts';
import { fixture } from '../../fixtures/load.ts';
import { fixtureActivity, USERNAME } from '../matching/fixture-world.ts';

const own = (repository: string) => isOwnRepository(repository, { username: USERNAME });

function legacyActivity(): GitHubActivity[] {
  const { events } = parseEventPage(fixture('github/events-legacy-full-payload.json'));
  return mergeActivity(...events.filter((e) => own(e.repository)).map((event) => activityFromEvent(event)));
}

describe('GitHub Events API parsing', () => {
  it('reads every event of the trimmed 2025-10 shape and says what needs resolving', () => {
    const { events, rejected } = parseEventPage(fixture('github/events.json'));
    expect(rejected).toBe(0);
    expect(events).toHaveLength(30);
    const pushes = events.filter((e) => e.type === 'push');
    // Every push but the new-branch one needs compare; every PR event needs pulls for its title.
    expect(pushes.filter(needsCompare)).toHaveLength(pushes.length - 1);
    expect(events.filter((e) => e.type === 'pull_request').every(needsPull)).toBe(true);
  });

  it('reads the legacy shape without compare or pulls: commits and titles are in the payload', () => {
    const { events, rejected } = parseEventPage(fixture('github/events-legacy-full-payload.json'));
    expect(rejected).toBe(0);
    expect(events.filter(needsCompare)).toEqual([]);
    expect(events.filter(needsPull)).toEqual([]);
  });

  it('gives the same pull requests, issues, releases and commit set from both shapes', () => {
    const legacy = legacyActivity();
    const trimmed = fixtureActivity();
    const ids = (list: GitHubActivity[], kind: GitHubActivity['kind']) =>
      list
        .filter((a) => a.kind === kind)
        .map((a) => a.id)
        .sort();
    for (const kind of ['pull_request', 'issue', 'release'] as const)
      expect(ids(legacy, kind)).toEqual(ids(trimmed, kind));
    // The legacy merge PR says `closed` + `merged: true`; both shapes name it `merged`.
    expect(ids(legacy, 'pull_request')).toContain('codewithmara/payments-api#42:merged');
    const legacyShas = new Set(ids(legacy, 'commit'));
    for (const sha of ids(trimmed, 'commit')) {
      if (sha === 'a14506d3d1eb962e7d709eb7c13bdd4b86fa0067') continue;
      expect(legacyShas.has(sha), sha).toBe(true);
    }
  });

  it('skips a malformed event without sinking the page', () => {
    const page = fixture('github/events.json') as unknown[];
    const broken = [
      null,
      { id: '1', type: 'PushEvent' },
      { ...(page[2] as object), created_at: 'yesterday' },
      { ...(page[2] as object), payload: { head: 'not-a-sha', before: 'x' } },
      ...page,
    ];
    const { events, rejected } = parseEventPage(broken);
    expect(rejected).toBe(4);
    expect(events).toHaveLength(30);
  });

  it('never throws, whatever the page holds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const { events, rejected } = parseEventPage(value);
        expect(events.length + rejected).toBeGreaterThanOrEqual(Array.isArray(value) ? value.length : 1);
      }),
    );
    fc.assert(fc.property(fc.anything(), (value) => void parseEvent(value)));
  });

  it('filters to the streamer’s repositories, case-insensitively, or to an explicit list', () => {
    expect(isOwnRepository('CodeWithMara/payments-api', { username: 'codewithmara' })).toBe(true);
    expect(isOwnRepository('jsvine/pdfplumber', { username: 'codewithmara' })).toBe(false);
    const list = { username: 'codewithmara', repositories: ['jsvine/pdfplumber'] };
    expect(isOwnRepository('jsvine/pdfplumber', list)).toBe(true);
    expect(isOwnRepository('codewithmara/payments-api', list)).toBe(false);
  });

  it('sorts by time, never by event id, and dedupes commits by SHA keeping the first push', () => {
    const activity = fixtureActivity();
    const times = activity.map((a) => Date.parse(a.occurred_at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const late: GitHubActivity = {
      kind: 'commit',
      id: 'c1351cb72c68f7b85f7292b7ad041a02103f57b7',
      sha: 'c1351cb72c68f7b85f7292b7ad041a02103f57b7',
      message: 'repeated by a merge push',
      author_login: null,
      url: 'https://github.com/codewithmara/payments-api/commit/c1351cb72c68f7b85f7292b7ad041a02103f57b7',
      repository: 'codewithmara/payments-api',
      occurred_at: '2026-11-05T15:58:21Z',
    };
    const merged = mergeActivity([late], activity);
    const kept = merged.filter((a) => a.id === late.id);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.occurred_at).toBe('2026-11-03T18:24:51Z');
  });

  it('fills a new-branch placeholder with the real message and link when the commit is seen again', () => {
    const placeholder: GitHubActivity = {
      kind: 'commit',
      id: 'a14506d3d1eb962e7d709eb7c13bdd4b86fa0067',
      sha: 'a14506d3d1eb962e7d709eb7c13bdd4b86fa0067',
      message: '',
      author_login: 'codewithmara',
      url: 'https://github.com/codewithmara/payments-api/commits/feat/connect-payouts',
      repository: 'codewithmara/payments-api',
      occurred_at: '2026-11-10T00:15:12Z',
    };
    const resolved = {
      ...placeholder,
      message: 'fix(connect): amounts in integer cents',
      url: 'https://github.com/codewithmara/payments-api/commit/a14506d3d1eb962e7d709eb7c13bdd4b86fa0067',
      occurred_at: '2026-11-11T10:00:00Z',
    };
    const [merged] = mergeActivity([placeholder], [resolved]);
    expect(merged).toMatchObject({
      occurred_at: placeholder.occurred_at,
      message: resolved.message,
      url: resolved.url,
    });
  });
});
