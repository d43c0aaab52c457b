import { describe, expect, it } from 'vitest';
import {
  changesOf,
  curlLine,
  type DayReport,
  type LoopReport,
  loopSummaryText,
  type PullRequestView,
  postUrlPath,
  pullRequestsToMerge,
  withoutTimestamps,
} from '../../../scripts/lib/loop-summary.ts';

const pr = (number: number, overrides: Partial<PullRequestView> = {}): PullRequestView => ({
  number,
  branch: `streamlog/daily-recap/2026-11-0${number}`,
  title: `Daily recap ${number}`,
  state: 'open',
  draft: false,
  ...overrides,
});

describe('pullRequestsToMerge', () => {
  it('merges open, non-draft PRs the judge passed, oldest first', () => {
    const verdicts: Record<string, string> = {
      'streamlog/daily-recap/2026-11-01': 'pass',
      'streamlog/daily-recap/2026-11-02': 'pass',
      'streamlog/daily-recap/2026-11-03': 'pass',
      'streamlog/daily-recap/2026-11-04': 'fail',
      'streamlog/daily-recap/2026-11-05': 'pass',
      'streamlog/daily-recap/2026-11-06': 'pass',
    };
    const chosen = pullRequestsToMerge(
      [
        pr(3),
        pr(1),
        pr(2, { draft: true }), // the judge's draft stays for a person
        pr(4), // not passed
        pr(5, { state: 'merged' }),
        pr(6, { state: 'closed' }),
        pr(7), // no publication record: unknown verdict
      ],
      (branch) => verdicts[branch] ?? null,
    );
    expect(chosen.map((p) => p.number)).toEqual([1, 3]);
  });

  it('chooses nothing on a re-run where everything is merged', () => {
    expect(pullRequestsToMerge([pr(1, { state: 'merged' })], () => 'pass')).toEqual([]);
  });
});

describe('small helpers', () => {
  it('postUrlPath: the file name is the slug', () => {
    expect(postUrlPath('content/posts/2026/2026-11-09-stripe-connect.md')).toBe('/posts/2026-11-09-stripe-connect/');
    expect(postUrlPath('2026/a.md')).toBe('/posts/a/');
  });

  it('withoutTimestamps replaces ISO UTC instants only', () => {
    expect(withoutTimestamps('"a": "2026-12-02T17:16:19.159Z", b: 2026-12-02T17:16:20Z, d: 2026-11-09')).toBe(
      '"a": "<time>", b: <time>, d: 2026-11-09',
    );
  });

  it('curlLine quotes every part for a POSIX shell', () => {
    expect(curlLine('GET', "http://localhost:1/api?q='x'", { signature: 'sig1=:a:' })).toBe(
      `curl -sS -X GET 'http://localhost:1/api?q='\\''x'\\''' -H 'signature: sig1=:a:'`,
    );
    expect(curlLine('POST', 'http://h/api', {}, '{"a":1}')).toBe(
      `curl -sS -X POST 'http://h/api' --data-binary '{"a":1}'`,
    );
  });
});

const day = (date: string, overrides: Partial<DayReport> = {}): DayReport => ({
  date,
  items: 5,
  by_status: { ready_for_content: 4, failed: 1 },
  failures: [{ step: 'process_item', code: 'audio_unavailable', content_item_id: 'twitch-x' }],
  publish_status: 'published',
  post: { title: `Post of ${date}`, path: `content/posts/2026/${date}-post.md`, verdict: 'pass' },
  pull_request: { number: 1, outcome: 'created', branch: `streamlog/daily-recap/${date}`, draft: false },
  notification: { outcome: 'created', message_id: 'outbox:1' },
  ms: 3100,
  ...overrides,
});

function report(overrides: Partial<LoopReport> = {}): LoopReport {
  return {
    timezone: 'America/Mexico_City',
    days: [
      day('2026-11-09'),
      day('2026-11-07', {
        items: 0,
        by_status: {},
        failures: [],
        publish_status: 'skipped_empty',
        post: null,
        pull_request: null,
        notification: null,
      }),
    ],
    contentRepoDir: '/p/.wrangler/state/content-repo',
    pullRequests: [
      pr(1, { state: 'merged', branch: 'streamlog/daily-recap/2026-11-09', title: 'Daily recap 2026-11-09' }),
      pr(2, { draft: true, branch: 'streamlog/daily-recap/2026-11-10', title: 'Daily recap 2026-11-10' }),
    ],
    merged: [1],
    content: {
      dir: '.wrangler/state/site/content',
      from: 'local-main',
      sameAsCheckout: 'timestamps',
      posts: 1,
      items: 4,
    },
    seeded: 0,
    outbox: [{ message_id: 'outbox:1', stage: 'live', text: '📝 **Live** · PR #1 · Post\nVerdict: pass' }],
    reviewMoves: { merged: 1, live: 1 },
    urls: {
      blog: 'http://localhost:8787',
      post: 'http://localhost:8787/posts/2026-11-09-post/',
      api: 'http://localhost:8787/api/content/items',
      openapi: 'http://localhost:8787/api/openapi.json',
    },
    keyIds: ['local'],
    curl: "curl -sS -X GET 'http://localhost:8787/api/content/items?limit=3' -H 'signature: x'",
    steps: [
      { step: 'D1/R2', ms: 6600 },
      { step: 'build', ms: 9700 },
    ],
    totalMs: 30_000,
    logFile: '.wrangler/state/logs/pipeline.log',
    ...overrides,
  };
}

describe('loopSummaryText', () => {
  it('says what the loop did, where to look, and how to call the API', () => {
    const text = loopSummaryText(report());
    expect(text).toContain('Streamlog is serving http://localhost:8787  (ready in 30.0 s)');
    expect(text).toContain('Pipeline: 2 day(s) in America/Mexico_City');
    expect(text).toContain(
      '2026-11-09  5 items (4 ready_for_content, 1 failed); post "Post of 2026-11-09" (judge: pass); PR #1 created',
    );
    expect(text).toContain('process_item twitch-x: audio_unavailable');
    expect(text).toContain('2026-11-07  0 items (none); no development clips: no post, nothing opened');
    expect(text).toContain('this run: 1 PR(s) opened, 0 updated, 1 merged; 1 message(s) created, 2 edited');
    expect(text).toContain('#1  streamlog/daily-recap/2026-11-09  merged (merged by this run)');
    expect(text).toContain('#2  streamlog/daily-recap/2026-11-10  open, draft (judge did not pass: left for review)');
    expect(text).toContain('git -C /p/.wrangler/state/content-repo log --all --oneline --graph');
    expect(text).toContain('outbox:1 [live]\n    📝 **Live** · PR #1 · Post\n    Verdict: pass');
    expect(text).toContain("but for the run's timestamps");
    expect(text).toContain('http://localhost:8787/posts/2026-11-09-post/');
    expect(text).toContain("curl -sS -X GET 'http://localhost:8787/api/content/items?limit=3'");
    expect(text).toContain('Steps: D1/R2 6.6 s, build 9.7 s');
    expect(text).not.toMatch(/\n\n\n/);
  });

  it('a second run reads as unchanged', () => {
    const again = report({
      days: [
        day('2026-11-09', {
          pull_request: { number: 1, outcome: 'live', branch: 'streamlog/daily-recap/2026-11-09', draft: false },
          notification: null,
        }),
      ],
      merged: [],
      reviewMoves: { merged: 0, live: 0 },
    });
    expect(changesOf(again)).toEqual({ opened: 0, updated: 0, merged: 0, messagesCreated: 0, messagesEdited: 0 });
    expect(loopSummaryText(again)).toContain('(nothing changed: same inputs, same posts)');
    expect(loopSummaryText(again)).not.toContain('merged by this run');
  });

  it('without a pipeline run or a local repository it says what was served', () => {
    const text = loopSummaryText(
      report({
        days: [],
        contentRepoDir: null,
        pullRequests: [],
        merged: [],
        outbox: [],
        content: { dir: 'content', from: 'checkout', sameAsCheckout: null, posts: 3, items: 11 },
        urls: { ...report().urls, post: null },
      }),
    );
    expect(text).toContain('Pipeline: not run');
    expect(text).not.toContain('Local pull requests');
    expect(text).toContain("Blog: 3 post(s), 11 item(s), built from this checkout's content");
    expect(text).toContain('Review messages (local Discord outbox, 0)\n  none');
  });
});
