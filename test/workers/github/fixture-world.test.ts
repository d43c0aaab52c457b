import { beforeAll, describe, expect, it } from 'vitest';
import { syncGitHubActivity } from '../../../pipeline/src/github/sync-activity.ts';
import { SAMPLE_VARS, testClock, testDeps } from '../helpers/deps.ts';
import { GITHUB_TEST_START } from './helpers.ts';
import { enhance, seedTranscribed } from './seed.ts';

/** GitHub activity end to end on the bundled sample activity, the offline default: sync, then enhance. */
describe('the fixture world through sync and enhance (sample activity source)', () => {
  // No GITHUB_TOKEN: the wiring picks the sample activity source.
  const { deps } = testDeps(SAMPLE_VARS, testClock(GITHUB_TEST_START));

  beforeAll(async () => {
    await syncGitHubActivity(deps, {
      startMs: Date.parse('2026-11-02T00:00:00Z'),
      endMs: Date.parse('2026-11-11T00:00:00Z'),
    });
  });

  it('makes the Minecraft clip gaming, with no links', async () => {
    const item = await enhance(deps, await seedTranscribed(deps, 'B5'));
    expect(item.content_category).toBe('gaming');
    expect(item.content_tags).toContain('minecraft');
    const context = item.github_context;
    expect([...(context?.commits ?? []), ...(context?.pull_requests ?? []), ...(context?.issues ?? [])]).toEqual([]);
  });

  it('links the prompt-injection clip to its issue by time and words, and nothing else changes', async () => {
    const item = await enhance(deps, await seedTranscribed(deps, 'B3'));
    expect(item.processing_status).toBe('ready_for_content');
    expect(item.content_category).toBe('development');
    const issue = item.github_context?.issues.find((i) => i.number === 12);
    expect(issue?.title).toBe('Harden parser prompt against prompt injection in invoice text');
    expect(issue?.reason).toMatch(
      /^issue #12 opened 6\.7 min after the clip in codewithmara\/ai-invoice-app; both mention/,
    );
    expect(item.github_context?.pull_requests).toEqual([]);
    expect(deps.queue.sent).toEqual([]);
  });

  it('stores the same result when enhancing twice', async () => {
    const first = await enhance(deps, await seedTranscribed(deps, 'A4'));
    const second = await enhance(deps, first);
    expect(second).toBe(first);
    expect(await deps.items.get(first.content_item_id)).toEqual(first);
  });
});
