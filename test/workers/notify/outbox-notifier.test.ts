import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { parsePipelineSettings } from '../../../pipeline/src/config.ts';
import { createNotifier } from '../../../pipeline/src/notify/create-notifier.ts';
import { OutboxNotifier } from '../../../pipeline/src/notify/outbox-notifier.ts';
import type { Clock } from '../../../pipeline/src/ports.ts';
import { listOutbox, NotificationMessageStore } from '../../../store/notifications/notification-messages.ts';
import { systemClock } from '../../../store/system-clock.ts';
import { recordingLog, testClock } from '../helpers/deps.ts';
import { HOSTILE, lifecycle, reviewNotice, SITE } from './helpers.ts';

const store = new NotificationMessageStore(env.DB);

function outbox(clock: Clock = testClock()) {
  return new OutboxNotifier({ db: env.DB, clock, message: SITE });
}

const noFetch = async (): Promise<Response> => {
  throw new Error('the outbox must not make requests');
};

/** This test's messages only: D1 is shared by the tests of a file. */
async function outboxFor(subjects: string[]) {
  return (await listOutbox(env.DB)).filter((m) => subjects.includes(m.subject_key));
}

describe('outbox notifier (no DISCORD_WEBHOOK_URL)', () => {
  it('is what the settings give without DISCORD_WEBHOOK_URL, and Discord with it', () => {
    const platform = { db: env.DB, fetch: noFetch, clock: testClock(), log: recordingLog() };
    expect(createNotifier(parsePipelineSettings({}), platform).kind).toBe('outbox');
    const withDiscord = parsePipelineSettings({ DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc_DEF-1' });
    expect(createNotifier(withDiscord, platform).kind).toBe('discord');
  });

  it('stores the Discord payload under outbox:<n> and edits it through every stage', async () => {
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const notifier = outbox();
    const results = [];
    for (const notice of lifecycle(subject)) results.push(await notifier.notify(notice));

    const id = results[0]?.message_id ?? '';
    expect(id).toMatch(/^outbox:[0-9]+$/);
    expect(results).toEqual([
      { outcome: 'created', channel: 'outbox', message_id: id },
      ...Array(4).fill({ outcome: 'edited', channel: 'outbox', message_id: id }),
    ]);
    const [message] = await outboxFor([subject]);
    expect(message).toMatchObject({ subject_key: subject, message_id: id, stage: 'live' });
    expect(message?.payload.allowed_mentions).toEqual({ parse: [] });
    expect(message?.payload.embeds[0]?.title).toMatch(/^Live: Five receipts/);
    expect(message?.text).toContain('Live: Five receipts for one payment');
    expect(message?.text).toContain('Read the post');
  });

  it('changes nothing for a notice the message already shows', async () => {
    const clock = testClock();
    const notice = reviewNotice('judged');
    const created = await outbox(clock).notify(notice);
    const before = await store.get(notice.subject_key);
    await clock.sleep(60_000);
    const again = await outbox(clock).notify(structuredClone(notice));

    expect(again).toEqual({ outcome: 'unchanged', channel: 'outbox', message_id: created.message_id });
    expect(await store.get(notice.subject_key)).toEqual(before);
  });

  it('numbers messages of different subjects in the order they were first written', async () => {
    const notifier = outbox();
    const first = await notifier.notify(reviewNotice('opened'));
    const second = await notifier.notify(reviewNotice('opened'));
    const n = (id: string | null) => Number(id?.slice('outbox:'.length));
    expect(n(second.message_id)).toBe(n(first.message_id) + 1);
    const listed = (await listOutbox(env.DB)).map((m) => m.message_id);
    expect(listed.indexOf(second.message_id ?? '')).toBeGreaterThan(listed.indexOf(first.message_id ?? ''));
  });

  it('makes one message when two first notices for a subject race', async () => {
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const results = await Promise.all([
      outbox(systemClock).notify(reviewNotice('opened', { subject_key: subject })),
      outbox(systemClock).notify(reviewNotice('judged', { subject_key: subject })),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'edited']);
    expect(new Set(results.map((r) => r.message_id)).size).toBe(1);
    expect(await outboxFor([subject])).toHaveLength(1);
  });

  it('takes over a subject that was on Discord before the webhook was removed', async () => {
    const subject = `daily_recap:${crypto.randomUUID()}`;
    expect(await store.claim(subject, 'discord', null, 1)).toBe(true);
    await store.recordSent(
      subject,
      { message_id: '1437589126370836584', payload: '{}', payload_hash: 'x', state: 'opened', pull_request_url: null },
      2,
    );
    const result = await outbox().notify(reviewNotice('judged', { subject_key: subject }));
    expect(result.outcome).toBe('created');
    expect(result.message_id).toMatch(/^outbox:/);
    expect(await store.get(subject)).toMatchObject({
      channel: 'outbox',
      state: 'judged',
      message_id: result.message_id,
    });
  });

  it('keeps hostile text inert in the stored payload', async () => {
    const notice = reviewNotice('judged', {
      post_title: HOSTILE,
      verdict: { verdict: 'fail', confidence: 0.1, notes: [HOSTILE] },
      highlights: [HOSTILE],
    });
    await outbox().notify(notice);
    const [message] = await outboxFor([notice.subject_key]);
    const json = JSON.stringify(message?.payload);
    expect(json).not.toMatch(/@everyone|@here|<@&?\d+>|<#\d+>/);
    expect(message?.payload.embeds[0]?.title.length).toBeLessThanOrEqual(256);
    expect(message?.payload.allowed_mentions).toEqual({ parse: [] });
  });
});
