import { describe, expect, it } from 'vitest';
import type { GitHubContext } from '../../../core/schemas/github-context.ts';
import { githubLinks } from '../../../site/lib/github.ts';

const evidence = (occurred_at: string) => ({
  repository: 'codewithmara/payments-api',
  occurred_at,
  offset_seconds: 0,
  confidence: 0.5,
  reason: 'close in time',
});

const context: GitHubContext = {
  username: 'codewithmara',
  window: { start: '2026-11-03T20:00:00Z', end: '2026-11-03T20:40:00Z' },
  repositories: ['codewithmara/payments-api'],
  commits: [
    {
      sha: 'b0cfab94980335e15eb77b8f84649e550626f84f',
      message: 'test: all green ✅\r\n\r\nCo-authored-by: someone',
      url: 'https://github.com/codewithmara/payments-api/commit/b0cfab94980335e15eb77b8f84649e550626f84f',
      ...evidence('2026-11-03T20:16:40Z'),
    },
  ],
  pull_requests: [
    {
      number: 42,
      title: 'Fix duplicate receipts',
      state: 'merged',
      action: 'opened',
      url: 'https://github.com/codewithmara/payments-api/pull/42',
      ...evidence('2026-11-03T20:31:02Z'),
    },
  ],
  issues: [
    {
      number: 41,
      title: 'Duplicate receipts',
      state: 'closed',
      action: 'opened',
      url: 'https://github.com/codewithmara/payments-api/issues/41',
      ...evidence('2026-11-03T20:01:00Z'),
    },
  ],
  releases: [
    {
      tag_name: 'v1.4.0',
      name: null,
      prerelease: true,
      url: 'https://github.com/codewithmara/payments-api/releases/tag/v1.4.0',
      ...evidence('2026-11-03T20:35:00Z'),
    },
  ],
  matched_at: '2026-11-03T21:42:00Z',
};

describe('githubLinks', () => {
  it('lists every kind of activity in the order it happened', () => {
    expect(githubLinks(context).map((link) => link.kind)).toEqual(['issue', 'commit', 'pull_request', 'release']);
  });

  it('labels commits by short sha and subject line, and says what happened to PRs and issues', () => {
    const [issue, commit, pr, release] = githubLinks(context);
    expect(commit?.label).toBe('b0cfab9 test: all green ✅');
    expect(pr).toMatchObject({ what: 'Pull request opened', label: '#42 Fix duplicate receipts' });
    expect(issue).toMatchObject({ what: 'Issue opened', label: '#41 Duplicate receipts' });
    expect(release).toMatchObject({ what: 'Pre-release', label: 'v1.4.0' });
  });

  it('keeps the match reason and confidence for each link', () => {
    expect(githubLinks(context).every((link) => link.reason === 'close in time' && link.confidence === 0.5)).toBe(true);
  });

  it('returns nothing for a context in which nothing happened', () => {
    expect(githubLinks({ ...context, commits: [], pull_requests: [], issues: [], releases: [] })).toEqual([]);
  });
});
