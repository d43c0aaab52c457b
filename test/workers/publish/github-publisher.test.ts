import { describe, expect, it } from 'vitest';
import { fingerprintInBody, type PostBundle } from '../../../core/publishing/bundle.ts';
import type { PublishResult } from '../../../pipeline/src/publish/ports.ts';
import { GITHUB_TEST_TOKEN } from '../../servers/github-credentials.ts';
import type { RepoState } from '../../servers/github-repo-protocol.ts';
import { failure } from '../helpers/failure.ts';
import { BRANCH, bundleOf, refPath, rsaKeyPair, TestRepo } from './github-helpers.ts';

const NO_FORCE = { force: false };
const FORCE = { force: true };

/** What every test checks at the end: the pipeline's writes never left its own branch and PR. */
async function assertSafe(repo: TestRepo, result?: PublishResult): Promise<RepoState> {
  const state = await repo.state();
  expect(state.violations).toEqual([]);
  const writes = await repo.writes();
  for (const write of writes) {
    expect(write).not.toMatch(/refs\/heads\/main|heads\/main$|\/merge|\/reviews|\/contents\//);
  }
  if (result) expect(result.writes).toBe(writes.length);
  return state;
}

/** The branch is exactly one commit ahead of base, on top of base's current head. */
function expectOneCommitAhead(state: RepoState, branch = BRANCH): void {
  const head = state.branches[branch];
  expect(head?.ahead_by).toBe(1);
  expect(head?.behind_by).toBe(0);
  expect(head?.parents).toEqual([state.base_sha]);
}

function labelsOf(pull: Record<string, unknown> | undefined): string[] {
  return ((pull?.labels ?? []) as { name: string }[]).map((label) => label.name);
}

function bodyOf(pull: Record<string, unknown> | undefined): string {
  return typeof pull?.body === 'string' ? pull.body : '';
}

function openPulls(state: RepoState) {
  return state.pulls.filter((pull) => pull.state === 'open');
}

describe('GitHub publisher: find or create by head branch', () => {
  it('opens one PR with every file in one commit, one commit ahead of base (N=1)', async () => {
    const repo = new TestRepo();
    const bundle = await bundleOf({ files: 1, labels: ['streamlog', 'daily-recap'] });
    const result = await repo.publisher().publish(bundle, NO_FORCE);

    expect(result).toMatchObject({ outcome: 'created', branch: BRANCH, number: 1, draft: false });
    expect(result.url).toBe('https://github.com/codewithmara/streamlog-blog/pull/1');
    const state = await assertSafe(repo, result);
    expect(await repo.writes()).toEqual([
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      'POST /pulls',
      'POST /issues/1/labels',
    ]);
    expect(result.writes).toBe(5);
    expectOneCommitAhead(state);
    expect(result.commit_sha).toBe(state.branches[BRANCH]?.sha);
    expect(state.branches[BRANCH]?.files['content/posts/2026/daily-recap-2026-11-09.md']).toBe(
      bundle.files[0]?.content,
    );
    // base_tree keeps what the repository already had.
    expect(state.branches[BRANCH]?.files['README.md']).toBe('# Streamlog blog content\n');
    expect(state.pulls).toHaveLength(1);
    expect(state.pulls[0]).toMatchObject({
      title: bundle.title,
      body: bundle.body,
      draft: false,
      head: { ref: BRANCH },
      base: { ref: 'main' },
    });
    expect(labelsOf(state.pulls[0])).toEqual(['streamlog', 'daily-recap']);
    // Looked up by owner:branch over every state, with the token octokit sends.
    const [list] = await repo.requests();
    expect(list?.query).toMatchObject({ head: `codewithmara:${BRANCH}`, state: 'all' });
    expect(list?.headers.authorization).toBe(`token ${GITHUB_TEST_TOKEN}`);
    expect(list?.headers['x-github-api-version']).toBe('2022-11-28');
  });

  it('writes 50 files with the same number of writes as 1: one tree, one commit', async () => {
    const repo = new TestRepo();
    const bundle = await bundleOf({ files: 50, labels: ['streamlog', 'daily-recap'] });
    const result = await repo.publisher().publish(bundle, NO_FORCE);

    expect(result.outcome).toBe('created');
    expect(result.writes).toBe(5);
    const state = await assertSafe(repo, result);
    expectOneCommitAhead(state);
    const files = state.branches[BRANCH]?.files ?? {};
    for (const file of bundle.files) expect(files[file.path]).toBe(file.content);
    const tree = (await repo.requests()).find(
      (request) => request.method === 'POST' && request.path.endsWith('/git/trees'),
    );
    const sent = JSON.parse(tree?.body ?? '{}') as { base_tree: string; tree: { content: string }[] };
    expect(sent.tree).toHaveLength(50);
    expect(sent.tree.every((entry) => typeof entry.content === 'string')).toBe(true);
    expect(sent.base_tree).toMatch(/^[0-9a-f]{40}$/);
  });

  it('opens a draft PR for a bundle the judge did not pass', async () => {
    const repo = new TestRepo();
    const result = await repo
      .publisher()
      .publish(await bundleOf({ draft: true, labels: ['streamlog', 'needs-polish'] }), NO_FORCE);
    expect(result).toMatchObject({ outcome: 'created', draft: true });
    const state = await assertSafe(repo, result);
    expect(state.pulls[0]?.draft).toBe(true);
  });

  it('falls back to a regular PR, still labelled, where draft PRs are not available', async () => {
    const repo = new TestRepo();
    await repo.control('settings', { drafts: false });
    const result = await repo
      .publisher()
      .publish(await bundleOf({ draft: true, labels: ['streamlog', 'needs-polish'] }), NO_FORCE);
    expect(result).toMatchObject({ outcome: 'created', draft: false });
    const state = await assertSafe(repo, result);
    expect(state.pulls).toHaveLength(1);
    expect(labelsOf(state.pulls[0])).toContain('needs-polish');
    expect(result.writes).toBeLessThanOrEqual(6);
  });
});

describe('GitHub publisher: re-runs', () => {
  it('writes nothing when the open PR already carries the fingerprint', async () => {
    const repo = new TestRepo();
    const bundle = await bundleOf();
    await repo.publisher().publish(bundle, NO_FORCE);
    const before = (await repo.writes()).length;

    const again = await repo.publisher().publish(bundle, NO_FORCE);
    expect(again).toMatchObject({ outcome: 'unchanged', number: 1, writes: 0 });
    expect((await repo.writes()).length).toBe(before);
    const state = await assertSafe(repo);
    expect(again.commit_sha).toBe(state.branches[BRANCH]?.sha);
  });

  it('updates the same PR with a new single commit on the current base when the fingerprint changes', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    // Someone merges other work into base meanwhile.
    await repo.control('push', { branch: 'main', files: { 'content/posts/2026/other.md': 'other\n' } });
    const firstWrites = (await repo.writes()).length;

    const second = await bundleOf({ seed: 'second' });
    const result = await repo.publisher().publish(second, NO_FORCE);
    expect(result).toMatchObject({ outcome: 'updated', number: 1 });
    const writes = (await repo.writes()).slice(firstWrites);
    expect(writes).toEqual([
      'POST /git/trees',
      'POST /git/commits',
      `PATCH /git/refs/heads/${BRANCH}`,
      'PATCH /pulls/1',
    ]);
    expect(result.writes).toBe(4);
    const patch = (await repo.requests()).find(
      (request) => request.method === 'PATCH' && request.path.includes('/git/refs/'),
    );
    expect(JSON.parse(patch?.body ?? '{}')).toMatchObject({ force: true });

    const state = await assertSafe(repo);
    expect(state.pulls).toHaveLength(1);
    expect(fingerprintInBody(bodyOf(state.pulls[0]))).toBe(second.fingerprint);
    expect(state.pulls[0]?.title).toBe(second.title);
    expectOneCommitAhead(state);
    expect(state.branches[BRANCH]?.files['content/posts/2026/other.md']).toBe('other\n');
    expect(state.branches[BRANCH]?.files['content/posts/2026/daily-recap-2026-11-09.md']).toContain('second');
  });

  it('adds only the labels the PR is missing', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'one', labels: ['streamlog'] }), NO_FORCE);
    const mark = (await repo.writes()).length;
    await repo.publisher().publish(await bundleOf({ seed: 'two', labels: ['streamlog'] }), NO_FORCE);
    expect((await repo.writes()).slice(mark)).not.toContain('POST /issues/1/labels');

    const mark2 = (await repo.writes()).length;
    await repo.publisher().publish(await bundleOf({ seed: 'three', labels: ['streamlog', 'needs-polish'] }), NO_FORCE);
    const labelled = (await repo.requests()).filter((request) => request.path.endsWith('/issues/1/labels'));
    expect((await repo.writes()).slice(mark2)).toContain('POST /issues/1/labels');
    expect(JSON.parse(labelled.at(-1)?.body ?? '{}')).toEqual({ labels: ['needs-polish'] });
    await assertSafe(repo);
  });

  it('keeps a commit an earlier run wrote for this fingerprint and only updates the PR', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    // The run for `second` moved the branch, then failed on the PR update (a 422 from a validation hiccup).
    await repo.script({
      method: 'PATCH',
      path: '/pulls/1',
      response: { status: 422, body: { message: 'Validation Failed' } },
    });
    const second = await bundleOf({ seed: 'second' });
    const error = await failure(repo.publisher().publish(second, NO_FORCE));
    expect(error.code).toBe('upstream_rejected');
    const commit = (await repo.state()).branches[BRANCH]?.sha;
    const mark = (await repo.writes()).length;

    const result = await repo.publisher().publish(second, NO_FORCE);
    expect(result).toMatchObject({ outcome: 'updated', commit_sha: commit, writes: 1 });
    expect((await repo.writes()).slice(mark)).toEqual(['PATCH /pulls/1']);
    const state = await assertSafe(repo);
    expect(fingerprintInBody(bodyOf(state.pulls[0]))).toBe(second.fingerprint);
    expectOneCommitAhead(state);
  });
});

describe('GitHub publisher: closed, merged and human-edited PRs', () => {
  it('leaves a PR closed without merging alone, and reopens and updates it with force', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    await repo.control('close', { number: 1 });
    const mark = (await repo.writes()).length;

    const skipped = await repo.publisher().publish(await bundleOf({ seed: 'second' }), NO_FORCE);
    expect(skipped).toMatchObject({ outcome: 'skipped_closed', number: 1, writes: 0 });
    expect((await repo.writes()).length).toBe(mark);

    const forced = await repo.publisher().publish(await bundleOf({ seed: 'second' }), FORCE);
    expect(forced).toMatchObject({ outcome: 'updated', number: 1 });
    expect((await repo.writes()).slice(mark)).toEqual([
      'PATCH /pulls/1',
      'POST /git/trees',
      'POST /git/commits',
      `PATCH /git/refs/heads/${BRANCH}`,
      'PATCH /pulls/1',
    ]);
    const reopen = (await repo.requests()).filter(
      (request) => request.method === 'PATCH' && request.path.endsWith('/pulls/1'),
    );
    expect(JSON.parse(reopen.at(-2)?.body ?? '{}')).toEqual({ state: 'open' });
    const state = await assertSafe(repo, undefined);
    expect(state.pulls).toHaveLength(1);
    expect(state.pulls[0]?.state).toBe('open');
    expectOneCommitAhead(state);
  });

  it('opens a new PR when a closed PR cannot be reopened because its branch was deleted (force)', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    await repo.control('close', { number: 1 });
    await repo.control('delete-branch', { branch: BRANCH });

    const forced = await repo.publisher().publish(await bundleOf({ seed: 'second' }), FORCE);
    expect(forced).toMatchObject({ outcome: 'created', number: 2 });
    const state = await assertSafe(repo);
    expect(openPulls(state)).toHaveLength(1);
    expectOneCommitAhead(state);
  });

  it('leaves a merged PR alone, and opens a new PR on the new base with force', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    await repo.control('merge', { number: 1 });
    const mark = (await repo.writes()).length;

    const skipped = await repo.publisher().publish(await bundleOf({ seed: 'second' }), NO_FORCE);
    expect(skipped).toMatchObject({ outcome: 'skipped_merged', number: 1, writes: 0 });
    expect((await repo.writes()).length).toBe(mark);
    // Same fingerprint as the merged one: still merged, still nothing to do.
    expect((await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE)).outcome).toBe(
      'skipped_merged',
    );

    const forced = await repo.publisher().publish(await bundleOf({ seed: 'second' }), FORCE);
    expect(forced).toMatchObject({ outcome: 'created', number: 2 });
    const state = await assertSafe(repo);
    expect(openPulls(state)).toHaveLength(1);
    expect(state.pulls.find((pull) => pull.number === 1)?.merged).toBe(true);
    expectOneCommitAhead(state);
    // After the forced one, re-runs find the new open PR, not the merged one.
    const again = await repo.publisher().publish(await bundleOf({ seed: 'second' }), NO_FORCE);
    expect(again).toMatchObject({ outcome: 'unchanged', number: 2, writes: 0 });
  });

  it('never overwrites a branch a person pushed to, force or not', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    const pushed = (await repo.control('push', {
      branch: BRANCH,
      files: { 'content/posts/2026/daily-recap-2026-11-09.md': 'edited by hand\n' },
      message: 'Fix the intro',
    })) as { sha: string };
    const mark = (await repo.writes()).length;

    for (const options of [NO_FORCE, FORCE]) {
      const result = await repo.publisher().publish(await bundleOf({ seed: 'second' }), options);
      expect(result).toMatchObject({ outcome: 'skipped_human_edits', number: 1, commit_sha: pushed.sha, writes: 0 });
    }
    await repo.control('close', { number: 1 });
    const closed = await repo.publisher().publish(await bundleOf({ seed: 'second' }), FORCE);
    expect(closed).toMatchObject({ outcome: 'skipped_human_edits', writes: 0 });

    expect((await repo.writes()).length).toBe(mark);
    const state = await assertSafe(repo);
    expect(state.branches[BRANCH]?.sha).toBe(pushed.sha);
    expect(state.branches[BRANCH]?.files['content/posts/2026/daily-recap-2026-11-09.md']).toBe('edited by hand\n');
  });

  it('leaves a branch a person created without any PR alone', async () => {
    const repo = new TestRepo();
    await repo.control('push', { branch: BRANCH, files: { 'content/posts/2026/mine.md': 'mine\n' } });
    const result = await repo.publisher().publish(await bundleOf(), FORCE);
    expect(result).toMatchObject({ outcome: 'skipped_human_edits', number: null, writes: 0 });
    expect((await repo.state()).pulls).toHaveLength(0);
    await assertSafe(repo, result);
  });
});

describe('GitHub publisher: faults', () => {
  it('adopts and updates the PR when creating it answers 422 "A pull request already exists"', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    // A concurrent run's PR is invisible to this run's lookup (it raced in after the list).
    await repo.script({ method: 'GET', path: '/pulls', query: { state: 'all' }, response: { status: 200, body: [] } });
    const mark = (await repo.writes()).length;

    const second = await bundleOf({ seed: 'second' });
    const result = await repo.publisher().publish(second, NO_FORCE);
    expect(result).toMatchObject({ outcome: 'updated', number: 1 });
    const writes = (await repo.writes()).slice(mark);
    expect(writes).toContain('POST /pulls');
    expect(writes.at(-1)).toBe('PATCH /pulls/1');
    const refused = (await repo.requests()).filter(
      (request) => request.method === 'POST' && request.path.endsWith('/pulls'),
    );
    expect(refused).toHaveLength(2);
    const state = await assertSafe(repo);
    expect(state.pulls).toHaveLength(1);
    expect(fingerprintInBody(bodyOf(state.pulls[0]))).toBe(second.fingerprint);
    expectOneCommitAhead(state);
  });

  it('updates the ref when creating it answers 422 "Reference already exists"', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    // The branch appears between this run's look and its create (a concurrent run of ours).
    await repo.script({
      method: 'GET',
      path: refPath('ref', BRANCH),
      response: { status: 404, body: { message: 'Not Found' } },
    });
    const mark = (await repo.writes()).length;

    const result = await repo.publisher().publish(await bundleOf({ seed: 'second' }), NO_FORCE);
    expect(result).toMatchObject({ outcome: 'updated', number: 1 });
    expect((await repo.writes()).slice(mark)).toEqual([
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      `PATCH /git/refs/heads/${BRANCH}`,
      'PATCH /pulls/1',
    ]);
    const state = await assertSafe(repo);
    expect(state.branches[BRANCH]?.sha).toBe(result.commit_sha);
    expectOneCommitAhead(state);
  });

  it('stops without moving the branch when a person created it in the meantime', async () => {
    const repo = new TestRepo();
    const pushed = (await repo.control('push', {
      branch: BRANCH,
      files: { 'content/posts/2026/mine.md': 'mine\n' },
    })) as {
      sha: string;
    };
    await repo.script({
      method: 'GET',
      path: refPath('ref', BRANCH),
      response: { status: 404, body: { message: 'Not Found' } },
    });

    const result = await repo.publisher().publish(await bundleOf(), NO_FORCE);
    expect(result).toMatchObject({ outcome: 'skipped_human_edits', commit_sha: pushed.sha });
    expect(await repo.writes()).toEqual(['POST /git/trees', 'POST /git/commits', 'POST /git/refs']);
    const state = await assertSafe(repo, result);
    expect(state.branches[BRANCH]?.sha).toBe(pushed.sha);
    expect(state.pulls).toHaveLength(0);
  });

  it('ends with exactly one PR when GitHub creates the PR and then answers 502', async () => {
    const repo = new TestRepo();
    await repo.control('fault', { method: 'POST', path: `/repos/codewithmara/streamlog-blog/pulls`, status: 502 });
    const bundle = await bundleOf({ labels: ['streamlog'] });
    const result = await repo.publisher().publish(bundle, NO_FORCE);

    expect(result).toMatchObject({ outcome: 'created', number: 1 });
    const state = await assertSafe(repo, result);
    expect(state.pulls).toHaveLength(1);
    expect(fingerprintInBody(bodyOf(state.pulls[0]))).toBe(bundle.fingerprint);
    expect(await repo.writes()).toEqual([
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      'POST /pulls',
      'POST /issues/1/labels',
    ]);
    expectOneCommitAhead(state);
    // And the next run sees it.
    expect((await repo.publisher().publish(bundle, NO_FORCE)).outcome).toBe('unchanged');
  });

  it('ends with exactly one PR when GitHub creates the PR and the answer times out', async () => {
    const repo = new TestRepo();
    await repo.control('fault', {
      method: 'POST',
      path: `/repos/codewithmara/streamlog-blog/pulls`,
      status: 201,
      delay_ms: 3_000,
    });
    const result = await repo.publisher({ timeoutMs: 1_000 }).publish(await bundleOf(), NO_FORCE);
    expect(result).toMatchObject({ outcome: 'created', number: 1 });
    // A look, not a second POST: the listing found the PR the timed-out request made.
    expect(await repo.writes()).toEqual([
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      'POST /pulls',
      'POST /issues/1/labels',
    ]);
    const state = await assertSafe(repo, result);
    expect(state.pulls).toHaveLength(1);
    expectOneCommitAhead(state);
  });

  it('retries a ref create that GitHub applied before answering 502, and keeps the ref', async () => {
    const repo = new TestRepo();
    await repo.control('fault', { method: 'POST', path: `/repos/codewithmara/streamlog-blog/git/refs`, status: 502 });
    const result = await repo.publisher().publish(await bundleOf(), NO_FORCE);
    expect(result.outcome).toBe('created');
    // The retried POST met 422 "Reference already exists", saw its own commit there, and moved on.
    expect(await repo.writes()).toEqual([
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      'POST /git/refs',
      'POST /pulls',
      'POST /issues/1/labels',
    ]);
    expect(repo.clock.sleeps).toEqual([500]);
    const state = await assertSafe(repo, result);
    expect(state.pulls).toHaveLength(1);
    expectOneCommitAhead(state);
  });

  it('retries a 5xx on a write and still writes one commit', async () => {
    const repo = new TestRepo();
    await repo.script({
      method: 'POST',
      path: '/git/commits',
      response: { status: 503, body: { message: 'Unavailable' } },
    });
    const result = await repo.publisher().publish(await bundleOf(), NO_FORCE);
    expect(result.outcome).toBe('created');
    expect(repo.clock.sleeps).toEqual([500]);
    const state = await assertSafe(repo, result);
    expectOneCommitAhead(state);
  });

  it('fails retryably with upstream_unavailable after 5xx on every attempt, writing nothing', async () => {
    const repo = new TestRepo();
    await repo.script({
      method: 'GET',
      path: '/pulls',
      times: 4,
      response: { status: 502, body: { message: 'Server Error' } },
    });
    const error = await failure(repo.publisher().publish(await bundleOf(), NO_FORCE));
    expect(error).toMatchObject({ code: 'upstream_unavailable', retryable: true });
    expect(repo.clock.sleeps).toEqual([500, 1000, 2000]);
    expect(await repo.requests()).toHaveLength(4);
    expect(await repo.writes()).toEqual([]);
    await assertSafe(repo);
  });

  it('turns 401 into a one-line configuration error naming GITHUB_TOKEN, without retrying', async () => {
    const repo = new TestRepo();
    const error = await failure(
      repo.publisher({ auth: { kind: 'token', token: 'wrong-token' } }).publish(await bundleOf(), NO_FORCE),
    );
    expect(error).toMatchObject({ code: 'configuration_error', retryable: false });
    expect(error.message).toMatch(/GITHUB_TOKEN/);
    expect(error.message).not.toMatch(/\n/);
    expect(error.message).not.toMatch(/wrong-token/);
    expect(await repo.requests()).toHaveLength(1);
    await assertSafe(repo);
  });

  it('waits out a secondary rate limit (429 retry-after) on the clock, then writes', async () => {
    const repo = new TestRepo();
    await repo.script({
      method: 'POST',
      path: '/git/trees',
      response: {
        status: 429,
        headers: { 'retry-after': '30' },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      },
    });
    const result = await repo.publisher().publish(await bundleOf(), NO_FORCE);
    expect(result.outcome).toBe('created');
    expect(repo.clock.sleeps).toEqual([30_000]);
    const state = await assertSafe(repo, result);
    expectOneCommitAhead(state);
    expect(state.trees).toBe(2);
  });

  it('waits for x-ratelimit-reset on a 403 primary limit', async () => {
    const repo = new TestRepo();
    const reset = Math.floor(repo.clock.now().getTime() / 1000) + 20;
    await repo.script({
      method: 'GET',
      path: '/pulls',
      response: {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        body: { message: 'API rate limit exceeded for installation ID 1.' },
      },
    });
    const result = await repo.publisher().publish(await bundleOf(), NO_FORCE);
    expect(result.outcome).toBe('created');
    expect(repo.clock.sleeps).toEqual([21_000]);
    await assertSafe(repo, result);
  });

  it('gives up with a retryable upstream_rate_limited when GitHub asks for more than 65 s', async () => {
    const repo = new TestRepo();
    await repo.script({
      method: 'POST',
      path: '/git/trees',
      response: { status: 403, headers: { 'retry-after': '120' }, body: { message: 'secondary rate limit' } },
    });
    const error = await failure(repo.publisher().publish(await bundleOf(), NO_FORCE));
    expect(error).toMatchObject({ code: 'upstream_rate_limited', retryable: true });
    expect(repo.clock.sleeps).toEqual([]);
    const state = await assertSafe(repo);
    expect(state.branches[BRANCH]).toBeUndefined();
    expect(state.pulls).toHaveLength(0);
  });
});

describe('GitHub publisher: guards', () => {
  it('refuses a PR body of 65,536 characters or more before any request', async () => {
    const repo = new TestRepo();
    const error = await failure(repo.publisher().publish(await bundleOf({ bodyLength: 65_536 }), NO_FORCE));
    expect(error).toMatchObject({ code: 'validation_failed', retryable: false });
    expect(error.details.field).toBe('body');
    expect(await repo.requests()).toEqual([]);

    const result = await repo.publisher().publish(await bundleOf({ bodyLength: 65_535 }), NO_FORCE);
    expect(result.outcome).toBe('created');
    expect(bodyOf((await repo.state()).pulls[0]).length).toBe(65_535);
  });

  it('refuses bundles that would touch the base branch, leave content/, or look human next time', async () => {
    const repo = new TestRepo();
    const good = await bundleOf();
    const bad: [string, PostBundle][] = [
      ['branch', { ...good, branch: 'main' }],
      // git refuses ".." in ref names: a multi-day period cannot be written as start..end.
      ['branch', { ...good, branch: 'streamlog/weekly-summary/2026-11-02..2026-11-08' }],
      ['files', { ...good, files: [{ path: '.github/workflows/deploy.yml', content: 'on: push' }] }],
      ['files', { ...good, files: [{ path: 'content/../.github/x.yml', content: '' }] }],
      ['files', { ...good, files: [{ path: 'content/posts/.gitattributes', content: '* filter=x' }] }],
      ['files', { ...good, files: [] }],
      ['commit_message', { ...good, commit_message: 'Daily recap without a trailer' }],
      ['body', { ...good, body: 'No marker' }],
    ];
    for (const [field, bundle] of bad) {
      const error = await failure(repo.publisher().publish(bundle, FORCE));
      expect([error.code, error.details.field]).toEqual(['validation_failed', field]);
    }
    expect(await repo.requests()).toEqual([]);
  });

  it('the test server records writes to the base branch and merges as violations (the safety check can fail)', async () => {
    const repo = new TestRepo();
    await repo.publisher().publish(await bundleOf(), NO_FORCE);
    const headers = { authorization: `token ${GITHUB_TEST_TOKEN}`, 'content-type': 'application/json' };
    const api = `${repo.baseUrl}/repos/codewithmara/streamlog-blog`;
    const merge = await fetch(`${api}/pulls/1/merge`, { method: 'PUT', headers, body: '{}' });
    const base = await fetch(`${api}/git/refs/heads/main`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ sha: (await repo.state()).base_sha, force: true }),
    });
    expect([merge.status, base.status]).toEqual([403, 403]);
    expect((await repo.state()).violations).toHaveLength(2);
    // Reset forgets this base path's repository (and only it).
    await repo.control('reset', {});
    const fresh = await repo.state();
    expect([fresh.violations, fresh.pulls, Object.keys(fresh.branches)]).toEqual([[], [], ['main']]);
  });
});

describe('GitHub publisher: GitHub App', () => {
  const INSTALLATION = '4242';
  const APP_ID = '123456';

  async function appRepo(): Promise<{ repo: TestRepo; keys: Awaited<ReturnType<typeof rsaKeyPair>> }> {
    const repo = new TestRepo();
    const keys = await rsaKeyPair();
    await repo.control('app', { app_id: APP_ID, installation_id: INSTALLATION, public_key_pem: keys.publicPem });
    return { repo, keys };
  }

  it('signs an RS256 app JWT with WebCrypto, exchanges it for an installation token, and uses that token', async () => {
    const { repo, keys } = await appRepo();
    const publisher = repo.publisher({
      auth: { kind: 'app', appId: APP_ID, installationId: INSTALLATION, privateKey: keys.privatePkcs8Pem },
    });
    const first = await publisher.publish(await bundleOf({ seed: 'first' }), NO_FORCE);
    const second = await publisher.publish(await bundleOf({ seed: 'second' }), NO_FORCE);
    expect([first.outcome, second.outcome]).toEqual(['created', 'updated']);

    const requests = await repo.requests();
    const exchanges = requests.filter((request) =>
      request.path.endsWith(`/app/installations/${INSTALLATION}/access_tokens`),
    );
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]?.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i);
    const state = await assertSafe(repo);
    expect(state.tokens_issued).toBe(1);
    const repoCalls = requests.filter((request) => request.path.startsWith(repo.api));
    expect(repoCalls.length).toBeGreaterThan(5);
    for (const call of repoCalls) expect(call.headers.authorization).toMatch(/^token ghs_[0-9a-f]{36}$/);
    // The token exchange is authentication, not a repository write: not counted.
    expect(first.writes + second.writes).toBe((await repo.writes()).length);
  });

  it('accepts the PKCS#1 key GitHub hands out (BEGIN RSA PRIVATE KEY), with escaped newlines', async () => {
    const { repo, keys } = await appRepo();
    const privateKey = keys.privatePkcs1Pem.replaceAll('\n', '\\n');
    expect(privateKey).toContain('BEGIN RSA PRIVATE KEY');
    const result = await repo
      .publisher({ auth: { kind: 'app', appId: APP_ID, installationId: INSTALLATION, privateKey } })
      .publish(await bundleOf(), NO_FORCE);
    expect(result.outcome).toBe('created');
    expect((await repo.state()).tokens_issued).toBe(1);
  });

  it('reports a key GitHub does not accept as a configuration error naming the App', async () => {
    const { repo } = await appRepo();
    const other = await rsaKeyPair();
    const error = await failure(
      repo
        .publisher({
          auth: { kind: 'app', appId: APP_ID, installationId: INSTALLATION, privateKey: other.privatePkcs8Pem },
        })
        .publish(await bundleOf(), NO_FORCE),
    );
    expect(error).toMatchObject({ code: 'configuration_error', retryable: false });
    expect(error.message).toMatch(/GitHub App/);
    expect(error.message).toMatch(/GITHUB_APP_PRIVATE_KEY/);
    expect((await repo.state()).tokens_issued).toBe(0);
    expect(await repo.writes()).toEqual([]);
    const exchanges = (await repo.requests()).filter((request) => request.path.endsWith('/access_tokens'));
    expect(exchanges).toHaveLength(1);
  });

  it('reports a private key that is not a PEM RSA key before any request', async () => {
    const { repo } = await appRepo();
    const error = await failure(
      repo
        .publisher({ auth: { kind: 'app', appId: APP_ID, installationId: INSTALLATION, privateKey: 'not a key' } })
        .publish(await bundleOf(), NO_FORCE),
    );
    expect(error).toMatchObject({ code: 'configuration_error' });
    expect(error.message).toMatch(/GITHUB_APP_PRIVATE_KEY/);
    expect(await repo.requests()).toEqual([]);
  });
});
