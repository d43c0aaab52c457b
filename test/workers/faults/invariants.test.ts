import { env } from 'cloudflare:test';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { branchFor } from '../../../core/publishing/bundle.ts';
import { discordWebhookUrl } from '../../servers/discord-credentials.ts';
import { GITHUB_TEST_TOKEN } from '../../servers/github-credentials.ts';
import { captureConsole } from './captured-console.ts';
import { NO_QUEUE_FAULTS, QueueDriver } from './day-driver.ts';
import { type DaySnapshot, snapshotDay } from './day-snapshot.ts';
import { faultPlan } from './fault-plan.ts';
import { FaultWorld, FULL_REPO } from './fault-world.ts';
import {
  budgetNeverOverrun,
  dayInvariants,
  deadLettersOnlyAfterRetries,
  everyItemFinal,
  nothingStoredLost,
  onePullRequestOneCommit,
  oneReviewMessagePerPr,
  rerunChangedNothing,
} from './invariants.ts';
import { expectedItems, runDay, runSeed } from './run-seed.ts';

/**
 * The invariant checker, shown to catch what it claims to: a clean day through the real pipeline
 * passes every invariant, then each test breaks that day's real state the way a bug would (a second
 * Discord message, a second PR, a person's commit, a stuck or missing item, a lost R2 object, an
 * overrun budget, a message given up on, a re-run that is not idempotent) and the named invariant
 * reports it. The last test shows the seed runner itself fails on such a break.
 */
const DAY = '2026-11-05';
const BRANCH = branchFor('daily_recap', { start: DAY, end: DAY });
const expected = expectedItems(DAY);
const world = new FaultWorld('invariants');
const log = captureConsole();

/** A clean day in the world: every invariant holds on what it leaves. */
async function cleanDay(): Promise<DaySnapshot> {
  await world.reset();
  await runDay(new QueueDriver((send) => world.env(send), NO_QUEUE_FAULTS, 0), DAY, 'a clean day');
  return snapshotDay(world, DAY);
}

const broken = (problems: string[]) => expect(problems, 'the checker missed the break').not.toEqual([]);

let clean: DaySnapshot;
beforeEach(async () => {
  clean = await cleanDay();
}, 60_000);

afterAll(async () => {
  await world.close();
  log.restore();
});

describe('the fault-injection invariants', () => {
  it('hold on a clean day: every item ready, one PR one commit ahead, one message, nothing lost', () => {
    expect(Object.values(dayInvariants(clean, expected)).flat()).toEqual([]);
    expect(clean.items.map((item) => item.processing_status)).toEqual(expected.itemIds.map(() => 'ready_for_content'));
    expect(clean.repo.pulls).toHaveLength(1);
    expect(clean.discord).toHaveLength(1);
    expect(rerunChangedNothing(clean, clean)).toEqual([]);
  });

  it('oneReviewMessagePerPr: a second review message posted to the webhook is a duplicate', async () => {
    const [message] = clean.discord;
    const response = await fetch(`${discordWebhookUrl(world.discord.url)}?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: message?.content, embeds: message?.embeds, allowed_mentions: { parse: [] } }),
    });
    expect(response.status).toBe(200);
    const problems = oneReviewMessagePerPr(await snapshotDay(world, DAY));
    expect(problems).toEqual([expect.stringMatching(/^1 duplicate Discord message\(s\): \d+$/)]);
  });

  it('oneReviewMessagePerPr: only a copy Discord created while answering 502 is excused, not any other', async () => {
    await world.discord.fault({ kind: 'created_then_502', method: 'POST' });
    const post = () =>
      fetch(`${discordWebhookUrl(world.discord.url)}?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'a copy', allowed_mentions: { parse: [] } }),
      });
    expect((await post()).status).toBe(502);
    expect(oneReviewMessagePerPr(await snapshotDay(world, DAY))).toEqual([]);
    expect((await post()).status).toBe(200);
    broken(oneReviewMessagePerPr(await snapshotDay(world, DAY)));
  });

  it('onePullRequestOneCommit: a second pull request for the period is caught', async () => {
    const copy = `${BRANCH}-copy`;
    await githubControl('push', { branch: copy, files: { 'content/posts/2026/copy.md': 'copy\n' } });
    const opened = await fetch(`${world.githubBase}/repos/${FULL_REPO}/pulls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GITHUB_TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Daily recap again', head: copy, base: 'main', body: 'again' }),
    });
    expect(opened.status).toBe(201);
    const problems = onePullRequestOneCommit(await snapshotDay(world, DAY));
    expect(problems).toContainEqual(expect.stringMatching(/^2 pull requests, expected 1/));
  });

  it('onePullRequestOneCommit: a second commit on the PR branch is caught', async () => {
    await githubControl('push', { branch: BRANCH, files: { 'content/posts/2026/extra.md': 'typo\n' } });
    const problems = onePullRequestOneCommit(await snapshotDay(world, DAY));
    expect(problems).toContainEqual(expect.stringMatching(/is 2 ahead \/ 0 behind/));
    expect(problems).toContainEqual(expect.stringMatching(/publication names commit/));
  });

  it('everyItemFinal: an item left mid-pipeline, and an item gone, are caught', async () => {
    const [stuck, gone] = expected.itemIds;
    await env.DB.prepare(
      `UPDATE content_items SET processing_status = 'transcribed', item = json_set(item, '$.processing_status', 'transcribed')
       WHERE content_item_id = ?1`,
    )
      .bind(stuck)
      .run();
    await env.DB.prepare('DELETE FROM content_items WHERE content_item_id = ?1').bind(gone).run();
    const problems = everyItemFinal(await snapshotDay(world, DAY), expected);
    expect(problems).toEqual([`item ${gone} is missing`, `item ${stuck} is stuck in transcribed`]);
  });

  it('nothingStoredLost: a transcript whose R2 object is gone is caught', async () => {
    const key = clean.items[0]?.transcript?.provenance.raw_r2_key ?? '';
    expect(key).toMatch(/^whisper\//);
    await env.ARTIFACTS.delete(key);
    expect(nothingStoredLost(await snapshotDay(world, DAY))).toContainEqual(expect.stringContaining(`names ${key}`));
  });

  it('budgetNeverOverrun: a budget row past its limit is caught', async () => {
    await env.DB.prepare('UPDATE budgets SET used_units = limit_units + 1').run();
    broken(budgetNeverOverrun(await snapshotDay(world, DAY)));
  });

  it('deadLettersOnlyAfterRetries: a message given up on for a permanent error is caught, not one that ran out of retries', async () => {
    const letter = (id: string, reason: string) =>
      env.DB.prepare(
        `INSERT INTO dead_letters (queue, message_id, body, attempts, received_ms) VALUES ('streamlog-pipeline', ?1, ?2, 1, 0)`,
      )
        .bind(id, JSON.stringify({ reason, body: { type: 'publish_post', period_start: DAY } }))
        .run();
    await letter('ran-out', 'retries_exhausted');
    expect(deadLettersOnlyAfterRetries(await snapshotDay(world, DAY))).toEqual([]);
    await letter('given-up', 'upstream_rejected');
    expect(deadLettersOnlyAfterRetries(await snapshotDay(world, DAY))).toEqual([
      expect.stringMatching(/^dead-lettered for upstream_rejected: .*"publish_post"/),
    ]);
  });

  it('rerunChangedNothing: a re-run that publishes again (its fingerprint forgotten) is caught', async () => {
    await env.DB.prepare('UPDATE publications SET fingerprint = NULL').run();
    const before = await snapshotDay(world, DAY);
    await runDay(new QueueDriver((send) => world.env(send), NO_QUEUE_FAULTS, 0), DAY, 'a re-run');
    const problems = rerunChangedNothing(before, await snapshotDay(world, DAY));
    expect(problems).toContainEqual(expect.stringMatching(/^publication changed/));
    expect(problems).toContainEqual(expect.stringMatching(/^AI budget changed/));
  });

  it('a seed fails, naming the invariant, when its day is broken after the faulted run', async () => {
    const plan = faultPlan(6);
    const duplicateMessage = async (seedWorld: FaultWorld, faulted: DaySnapshot) => {
      const [message] = faulted.discord;
      await fetch(`${discordWebhookUrl(seedWorld.discord.url)}?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: message?.content, embeds: message?.embeds }),
      });
    };
    await expect(runSeed(plan, { sabotage: duplicateMessage })).rejects.toThrow(
      /^seed 6, day 2026-11-05;[\s\S]*after the faulted run[\s\S]*\n {2}oneReviewMessagePerPr: 1 duplicate Discord message/,
    );
    // The same seed unbroken passes: the failure above is the sabotage's.
    await expect(runSeed(plan)).resolves.toMatchObject({ plan });
  }, 60_000);
});

async function githubControl(action: string, body: unknown): Promise<void> {
  const response = await fetch(`${world.githubBase}/__github/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`fake GitHub ${action} answered ${response.status}`);
}
