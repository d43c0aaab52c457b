import { describe, expect, it } from 'vitest';
import { activityFromWebhook } from '../../../core/github/webhook-payload.ts';
import { fixture } from '../../fixtures/load.ts';
import { fixtureActivity } from '../matching/fixture-world.ts';

describe('webhook payloads to activity', () => {
  it('reads a push webhook: commits by `id`, the push time from Unix `pushed_at`', () => {
    const parsed = activityFromWebhook('push', fixture('github/webhook-push.json'), '2026-11-03T20:17:00Z');
    expect(parsed?.repository).toBe('codewithmara/payments-api');
    expect(parsed?.activity.map((a) => a.id)).toEqual([
      'e43ce13c3e165b96b89b516262310c17d1bf5e8a',
      'b0cfab94980335e15eb77b8f84649e550626f84f',
    ]);
    for (const entry of parsed?.activity ?? []) expect(entry.occurred_at).toBe('2026-11-03T20:16:39Z');
  });

  it('names a merged pull_request webhook the way the Events API does, so both sources meet on one id', () => {
    const parsed = activityFromWebhook(
      'pull_request',
      fixture('github/webhook-pull_request.json'),
      '2026-11-05T16:00:00Z',
    );
    const [merged] = parsed?.activity ?? [];
    expect(merged).toMatchObject({
      kind: 'pull_request',
      id: 'codewithmara/payments-api#42:merged',
      state: 'merged',
      title: 'Fix duplicate receipts from Stripe webhook retries',
      occurred_at: '2026-11-05T15:58:20Z',
    });
    expect(fixtureActivity().some((a) => a.id === merged?.id)).toBe(true);
  });

  it('gives nothing for events it does not read or payloads that are not GitHub’s', () => {
    expect(activityFromWebhook('ping', { zen: 'hi' }, '2026-11-03T20:17:00Z')).toBeNull();
    expect(activityFromWebhook('push', { ref: 1 }, '2026-11-03T20:17:00Z')).toBeNull();
    expect(activityFromWebhook('pull_request', 'nope', '2026-11-03T20:17:00Z')).toBeNull();
  });

  it('gives no commits for a branch deletion', () => {
    const payload = { ...(fixture('github/webhook-push.json') as object), deleted: true, commits: [] };
    expect(activityFromWebhook('push', payload, '2026-11-03T20:17:00Z')?.activity).toEqual([]);
  });
});
