import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../helpers/deps.ts';
import { failure } from '../helpers/failure.ts';
import { githubBase, githubSource, lastSeq, requestsSince } from './helpers.ts';

const base = githubBase('http-adapter');
const github = base.server;
const EVENTS = `${base.prefix}/users/codewithmara/events`;
const NEW_BRANCH_COMPARE = `${base.prefix}/repos/codewithmara/payments-api/compare/0000000000000000000000000000000000000000...a14506d3d1eb962e7d709eb7c13bdd4b86fa0067`;
let mark = 0;

beforeEach(async () => {
  mark = await lastSeq(base);
});

afterEach(async () => {
  await github.assertNoUnexpected();
});

const adapter = (options: Partial<Parameters<typeof githubSource>[0]> = {}) =>
  githubSource({ baseUrl: base.baseUrl, ...options });

async function requests(path: string) {
  return (await requestsSince(base, mark)).filter((request) => request.path.startsWith(path));
}

describe('GitHub REST adapter against a local GitHub', () => {
  it('follows the Link header through both event pages with the documented headers', async () => {
    const { pages, truncated } = await adapter().listEvents('codewithmara', Date.parse('2026-10-01T00:00:00Z'));
    expect(pages).toHaveLength(2);
    expect(pages[0]?.body).toHaveLength(30);
    expect(pages[1]?.body).toHaveLength(2);
    expect(truncated).toBe(false);
    const seen = await requests(EVENTS);
    expect(seen.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    expect(seen[0]?.headers.accept).toBe('application/vnd.github+json');
    expect(seen[0]?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(seen[0]?.headers.authorization).toBe('Bearer fixture-github-token-not-real');
  });

  it('stops paging once a page reaches back before the window', async () => {
    const { pages } = await adapter().listEvents('codewithmara', Date.parse('2026-11-03T00:00:00Z'));
    expect(pages).toHaveLength(1);
    expect(await requests(EVENTS)).toHaveLength(1);
  });

  it('revalidates with If-None-Match and reuses the body on 304', async () => {
    const api = adapter();
    const since = Date.parse('2026-11-03T00:00:00Z');
    const first = await api.listEvents('codewithmara', since);
    const second = await api.listEvents('codewithmara', since);
    expect(second.pages[0]?.body).toEqual(first.pages[0]?.body);
    const [, again] = await requests(EVENTS);
    expect(again?.headers['if-none-match']).toBe('W/"events-page-1"');
  });

  it('never follows a Link to another host, so the token cannot leak', async () => {
    await github.script({
      path: EVENTS,
      response: {
        status: 200,
        headers: { link: '<https://evil.example/users/codewithmara/events?page=2>; rel="next"' },
        body: [{ id: '1', type: 'WatchEvent', repo: { name: 'a/b' }, created_at: '2026-11-09T00:00:00Z', payload: {} }],
      },
    });
    const { pages } = await adapter().listEvents('codewithmara', 0);
    expect(pages).toHaveLength(1);
  });

  it('turns 401 into a configuration error without retrying', async () => {
    const error = await failure(adapter({ token: 'wrong-token' }).listEvents('codewithmara', 0));
    expect(error.code).toBe('configuration_error');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/GITHUB_TOKEN/);
    expect(await requests(EVENTS)).toHaveLength(1);
  });

  it('reports an unknown GITHUB_USERNAME as a configuration error', async () => {
    const error = await failure(adapter().listEvents('nobody-here', 0));
    expect(error.code).toBe('configuration_error');
  });

  it('waits out a 429 with retry-after and then succeeds', async () => {
    await github.script({ path: EVENTS, response: { status: 429, headers: { 'retry-after': '7' }, body: {} } });
    const clock = testClock(new Date());
    const { pages } = await adapter({ clock }).listEvents('codewithmara', Date.parse('2026-11-03T00:00:00Z'));
    expect(pages).toHaveLength(1);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('waits for x-ratelimit-reset on a primary 403 rate limit', async () => {
    const now = new Date('2026-11-10T01:40:00Z');
    const reset = Math.floor(now.getTime() / 1000) + 30;
    await github.script({
      path: EVENTS,
      response: {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '5000' },
        body: {
          message: 'API rate limit exceeded for user ID 48120993.',
          documentation_url: 'https://docs.github.com',
        },
      },
    });
    const clock = testClock(now);
    await adapter({ clock }).listEvents('codewithmara', Date.parse('2026-11-03T00:00:00Z'));
    expect(clock.sleeps).toEqual([31_000]);
  });

  it('fails retryably instead of sleeping when the reset is far away', async () => {
    const now = new Date('2026-11-10T01:40:00Z');
    await github.script({
      path: EVENTS,
      response: {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(now.getTime() / 1000) + 3000) },
        body: { message: 'API rate limit exceeded' },
      },
    });
    const clock = testClock(now);
    const error = await failure(adapter({ clock }).listEvents('codewithmara', 0));
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.details.retry_after_ms).toBe(3_001_000);
    expect(clock.sleeps).toEqual([]);
  });

  it('waits a minute on a secondary rate limit that sends no headers', async () => {
    await github.script({
      path: EVENTS,
      response: {
        status: 403,
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes.' },
      },
    });
    const clock = testClock(new Date());
    await adapter({ clock }).listEvents('codewithmara', Date.parse('2026-11-03T00:00:00Z'));
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('rejects a plain 403 (no access) without retrying', async () => {
    await github.script({ path: EVENTS, response: { status: 403, body: { message: 'Resource not accessible' } } });
    const error = await failure(adapter().listEvents('codewithmara', 0));
    expect(error.code).toBe('upstream_rejected');
    expect(await requests(EVENTS)).toHaveLength(1);
  });

  it('retries 5xx with growing backoff and succeeds', async () => {
    await github.script({ path: EVENTS, times: 2, response: { status: 502, body: 'Bad Gateway' } });
    const clock = testClock(new Date());
    const { pages } = await adapter({ clock }).listEvents('codewithmara', Date.parse('2026-11-03T00:00:00Z'));
    expect(pages).toHaveLength(1);
    expect(clock.sleeps).toEqual([500, 1000]);
  });

  it('gives up on persistent 5xx with a retryable upstream_unavailable', async () => {
    await github.script({
      path: EVENTS,
      times: 4,
      response: { status: 503, body: { message: 'Service unavailable' } },
    });
    const error = await failure(adapter({ clock: testClock(new Date()) }).listEvents('codewithmara', 0));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
    expect(await requests(EVENTS)).toHaveLength(4);
  });

  it('times out a request that does not answer and retries it', async () => {
    await github.script({ path: EVENTS, response: { status: 200, body: [], delay_ms: 1_000 } });
    const clock = testClock(new Date());
    const { pages } = await adapter({ clock, timeoutMs: 200 }).listEvents('codewithmara', Date.parse('2026-11-03'));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.body).toHaveLength(30);
    expect(clock.sleeps).toEqual([500]);
  });

  it('fails with upstream_timeout when every attempt times out', async () => {
    await github.script({ path: EVENTS, times: 2, response: { status: 200, body: [], delay_ms: 1_000 } });
    const error = await failure(
      adapter({ clock: testClock(new Date()), timeoutMs: 200, maxAttempts: 2 }).listEvents('codewithmara', 0),
    );
    expect(error.code).toBe('upstream_timeout');
    expect(error.retryable).toBe(true);
  });

  it('answers null for the compare 404 of a new-branch push', async () => {
    const body = await adapter().compare(
      'codewithmara/payments-api',
      '0000000000000000000000000000000000000000',
      'a14506d3d1eb962e7d709eb7c13bdd4b86fa0067',
    );
    expect(body).toBeNull();
    expect(await requests(NEW_BRANCH_COMPARE)).toHaveLength(1);
  });

  it('fetches a compare and a pull request by their documented paths', async () => {
    const api = adapter();
    const compare = (await api.compare(
      'codewithmara/payments-api',
      '9ddb31a1bd742e2a071efa642c5f6c028d129d9e',
      '877fb938d5f9a388e24de34b76e67fa4e0160488',
    )) as { commits: unknown[] };
    expect(compare.commits).toHaveLength(5);
    const pull = (await api.pullRequest('codewithmara/payments-api', 42)) as { title: string };
    expect(pull.title).toBe('Fix duplicate receipts from Stripe webhook retries');
    expect(await api.pullRequest('codewithmara/payments-api', 999)).toBeNull();
  });
});
