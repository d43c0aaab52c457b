/**
 * `npm start`'s loop for one sample day against a temporary state folder, through the real local
 * platform (wrangler's D1/R2 proxy), the production jobs, the local git publisher and the outbox:
 * one PR, one message; the merge moves `main` and the message; the exported content holds the
 * post; a second run opens, merges and sends nothing. (Type-checked with pipeline/cli's tsconfig.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../pipeline/cli/git-runner.ts';
import { type LocalPipeline, openLocalPipeline, runDays } from '../pipeline/cli/run-days.ts';
import { parsePipelineSettings } from '../pipeline/src/config.ts';
import type { Logger } from '../pipeline/src/ports.ts';
import { listOutbox } from '../store/notifications/notification-messages.ts';
import {
  compareContent,
  countPosts,
  exportContent,
  markLive,
  mergePassingPullRequests,
  readItems,
  SAMPLE_TIME_ZONE,
  seedItems,
} from './lib/local-loop.ts';
import { toolEnv } from './lib/tool-env.ts';

const root = join(import.meta.dirname, '..');
const DAY = '2026-11-09';
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

let stateDir: string;
let pipeline: LocalPipeline;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'streamlog-loop-'));
  const settings = parsePipelineSettings({ STREAM_TIMEZONE: SAMPLE_TIME_ZONE });
  pipeline = await openLocalPipeline({
    root,
    stateDir,
    settings,
    env: toolEnv({ WRANGLER_LOG: 'error', CI: '1' }, { outsideVitest: true }),
    localPublishing: true,
    log: quiet,
  });
}, 120_000);

afterAll(async () => {
  await pipeline?.dispose();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('the local loop, one sample day', () => {
  it('opens one PR and one message, merges it, exports the post, and a second run changes nothing', async () => {
    const repoDir = pipeline.contentRepoDir;
    expect(repoDir).not.toBeNull();
    if (repoDir === null) return;

    const [first] = await runDays(pipeline, [DAY]);
    expect(first?.publish_status).toBe('published');
    expect(first?.post?.verdict).toBe('pass');
    expect(first?.pull_request).toMatchObject({ outcome: 'created', number: 1, draft: false, publisher: 'local-git' });
    expect(first?.notification).toMatchObject({ outcome: 'created', channel: 'outbox', message_id: 'outbox:1' });

    const merge = await mergePassingPullRequests(pipeline.deps, repoDir);
    expect(merge.merged.map((pr) => pr.number)).toEqual([1]);
    expect(merge.moved).toBe(1);
    expect(merge.pullRequests.map((pr) => pr.state)).toEqual(['merged']);
    const mainHead = (await runGit(['rev-parse', 'main'], { gitDir: repoDir })).stdout.trim();
    const branchHead = (
      await runGit(['rev-parse', 'streamlog/daily-recap/2026-11-09'], { gitDir: repoDir })
    ).stdout.trim();
    expect(mainHead).toBe(branchHead); // a fast-forward: main had not moved

    const outDir = await exportContent(repoDir, join(stateDir, 'site'));
    expect(countPosts(outDir)).toBe(1);
    const post = readFileSync(join(outDir, 'posts/2026/2026-11-09-stripe-connect-payouts-off-by-100.md'), 'utf8');
    expect(post).toContain('Stripe Connect payouts');
    const items = readItems(outDir);
    expect(items.length).toBeGreaterThan(0);
    expect(await seedItems(pipeline.bindings.DB, items)).toBe(0); // the pipeline already holds them
    // What the loop merged is what the checkout's content/ holds for that day, but for timestamps.
    const checkoutPost = readFileSync(
      join(root, 'content/posts/2026/2026-11-09-stripe-connect-payouts-off-by-100.md'),
      'utf8',
    );
    expect(post.replace(/generated_at: "[^"]+"/, '')).toBe(checkoutPost.replace(/generated_at: "[^"]+"/, ''));

    expect(await markLive(pipeline.deps)).toBe(1);
    const outbox = await listOutbox(pipeline.bindings.DB);
    expect(outbox.map((m) => [m.message_id, m.stage])).toEqual([['outbox:1', 'live']]);

    // Again: no new commit, PR or message; nothing to merge, nothing to move.
    const refsBefore = (await runGit(['for-each-ref'], { gitDir: repoDir })).stdout;
    const [second] = await runDays(pipeline, [DAY]);
    expect(second?.pull_request?.outcome).toBe('live');
    expect(second?.notification).toBeNull();
    const again = await mergePassingPullRequests(pipeline.deps, repoDir);
    expect(again.merged).toEqual([]);
    expect(await markLive(pipeline.deps)).toBe(0);
    expect((await runGit(['for-each-ref'], { gitDir: repoDir })).stdout).toBe(refsBefore);
    expect((await listOutbox(pipeline.bindings.DB)).map((m) => m.payload)).toEqual(outbox.map((m) => m.payload));
    const secondExport = await exportContent(repoDir, join(stateDir, 'site-again'));
    expect(compareContent(secondExport, outDir)).toBe('identical');
  }, 120_000);
});
