import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordNotifier, WEBHOOK_GONE_LINE } from '../../../pipeline/src/notify/discord-notifier.ts';
import type { Clock } from '../../../pipeline/src/ports.ts';
import { NotificationMessageStore } from '../../../store/notifications/notification-messages.ts';
import { systemClock } from '../../../store/system-clock.ts';
import invalidFormBody from '../../fixtures/discord/webhook-response-400-invalid-form-body.json';
import { DiscordControl } from '../../servers/discord-control.ts';
import { DELETED_WEBHOOK_ID, DISCORD_TEST_WEBHOOK, discordWebhookUrl } from '../../servers/discord-credentials.ts';
import { recordingLog, testClock } from '../helpers/deps.ts';
import { failure } from '../helpers/failure.ts';
import { HOSTILE, lifecycle, reviewNotice, SITE } from './helpers.ts';

const discord = new DiscordControl(env.DISCORD_TEST_SERVER, crypto.randomUUID());
const store = new NotificationMessageStore(env.DB);
const WEBHOOK_PATH = `/api/webhooks/${DISCORD_TEST_WEBHOOK.id}/${DISCORD_TEST_WEBHOOK.token}`;

afterEach(async () => {
  await discord.assertNoUnexpected();
  await discord.reset();
});

function notifier(options: { clock?: Clock; webhookId?: string; webhookUrl?: string; timeoutMs?: number } = {}) {
  // `clock` records the waits; a test that needs real interleaving passes its own.
  const clock = testClock();
  const log = recordingLog();
  const instance = new DiscordNotifier({
    webhookUrl: options.webhookUrl ?? discordWebhookUrl(discord.url, options.webhookId),
    db: env.DB,
    fetch: (input, init) => fetch(input, init),
    clock: options.clock ?? clock,
    log,
    message: SITE,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return { notifier: instance, clock, log };
}

const bodies = async () => (await discord.webhookCalls()).map((call) => JSON.parse(call.body || 'null'));

describe('Discord notifier against a local Discord', () => {
  it('creates the message with ?wait=true and keeps the returned id in D1', async () => {
    const notice = reviewNotice('opened');
    const result = await notifier().notifier.notify(notice);

    const [message] = await discord.messages();
    expect(result).toEqual({ outcome: 'created', channel: 'discord', message_id: message?.id });
    const calls = await discord.webhookCalls();
    expect(calls.map((c) => [c.method, c.path, c.query.wait])).toEqual([['POST', WEBHOOK_PATH, 'true']]);
    const row = await store.get(notice.subject_key);
    expect(row).toMatchObject({ channel: 'discord', message_id: message?.id, state: 'opened', disabled_reason: null });
    expect(row?.payload_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(row?.payload ?? '{}')).toEqual(JSON.parse(calls[0]?.body ?? ''));
    expect(message?.embeds).toHaveLength(1);
    expect(message?.content).toContain('**Opened**');
  });

  it('edits the one message through opened → judged → preview_ready → merged → live, never allowing a mention', async () => {
    const { notifier: n } = notifier();
    const results = [];
    for (const notice of lifecycle(`daily_recap:${crypto.randomUUID()}`)) results.push(await n.notify(notice));

    const messages = await discord.messages();
    expect(messages).toHaveLength(1);
    const id = messages[0]?.id;
    expect(results.map((r) => [r.outcome, r.message_id])).toEqual([
      ['created', id],
      ['edited', id],
      ['edited', id],
      ['edited', id],
      ['edited', id],
    ]);
    const calls = await discord.webhookCalls();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST ${WEBHOOK_PATH}`,
      ...Array(4).fill(`PATCH ${WEBHOOK_PATH}/messages/${id}`),
    ]);
    // allowed_mentions is empty on the create and on every edit, as sent and as Discord kept it.
    for (const body of await bodies()) expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(messages[0]?.allowed_mentions_history).toEqual(Array(5).fill({ parse: [] }));
    expect(messages[0]?.pings).toEqual([]);
    expect(messages[0]?.edits).toBe(4);
    const embed = messages[0]?.embeds[0] as { title: string; fields: { name: string; value: string }[] };
    expect(embed.title).toMatch(/^Live: /);
    expect(embed.fields.map((f) => f.name)).toEqual([
      'Pull request',
      'Verdict',
      'Confidence',
      'Judge notes',
      'Highlights',
      'Preview',
      'Live',
    ]);
  });

  it('sends nothing for a notice the message already shows', async () => {
    const notice = reviewNotice('judged');
    const { notifier: n } = notifier();
    const first = await n.notify(notice);
    const again = await n.notify(structuredClone(notice));
    // A later run (a new notifier) finds the stored hash too.
    const later = await notifier().notifier.notify(structuredClone(notice));

    expect(first.outcome).toBe('created');
    expect(again).toEqual({ outcome: 'unchanged', channel: 'discord', message_id: first.message_id });
    expect(later).toEqual(again);
    expect(await discord.webhookCalls()).toHaveLength(1);
  });

  it('waits out a 429 for the retry_after in its body, then ends with exactly one message, later edited', async () => {
    await discord.fault({ kind: 'rate_limited', method: 'POST' });
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const { notifier: n, clock, log } = notifier();

    const created = await n.notify(reviewNotice('opened', { subject_key: subject }));
    // The fixture's body says retry_after 1.734 (its Retry-After header says 2): the body wins.
    expect(clock.sleeps).toEqual([1734]);
    expect(log.lines.filter((l) => l.message.includes('rate limited'))).toHaveLength(1);
    const edited = await n.notify(reviewNotice('judged', { subject_key: subject }));

    expect(created.outcome).toBe('created');
    expect(edited).toEqual({ outcome: 'edited', channel: 'discord', message_id: created.message_id });
    const messages = await discord.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: created.message_id, edits: 1 });
    expect((await discord.webhookCalls()).map((c) => c.method)).toEqual(['POST', 'POST', 'PATCH']);
  });

  it('falls back to the Retry-After header when a 429 has no body', async () => {
    await discord.fault({ kind: 'rate_limited', method: 'PATCH', header_only: true });
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const { notifier: n, clock } = notifier();
    await n.notify(reviewNotice('opened', { subject_key: subject }));
    const edited = await n.notify(reviewNotice('merged', { subject_key: subject }));
    expect(edited.outcome).toBe('edited');
    expect(clock.sleeps).toEqual([2000]);
    expect(await discord.messages()).toHaveLength(1);
  });

  it('gives up on a wait longer than 60 s with a retryable upstream_rate_limited, and the next run creates one message', async () => {
    await discord.fault({ kind: 'rate_limited_global' });
    const notice = reviewNotice('opened');
    const { notifier: n, clock } = notifier();

    const error = await failure(n.notify(notice));
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/65 s, global/);
    expect(clock.sleeps).toEqual([]);
    expect(await discord.messages()).toHaveLength(0);

    // The claim was released: the queue's retry does not wait for it and creates the message once.
    const retried = await notifier().notifier.notify(notice);
    expect(retried.outcome).toBe('created');
    expect(await discord.messages()).toHaveLength(1);
  });

  it('stops waiting once 429s add up to more than 60 s', async () => {
    await discord.fault({ kind: 'rate_limited', retry_after: 25, times: 3 });
    const { notifier: n, clock } = notifier();
    const error = await failure(n.notify(reviewNotice('opened')));
    expect(error.code).toBe('upstream_rate_limited');
    expect(clock.sleeps).toEqual([25_000, 25_000]);
    expect(await discord.messages()).toHaveLength(0);
  });

  it('disables a deleted webhook (404 10015) with one log line, no retry and no further calls', async () => {
    const { notifier: n, log } = notifier({ webhookId: DELETED_WEBHOOK_ID });
    const notice = reviewNotice('opened');

    const first = await n.notify(notice);
    expect(first).toEqual({ outcome: 'disabled', channel: 'discord', message_id: null });
    expect(await discord.webhookCalls()).toHaveLength(1);
    expect(log.lines.filter((l) => l.message === WEBHOOK_GONE_LINE)).toHaveLength(1);
    expect((await store.get(notice.subject_key))?.disabled_reason).toBe(`unknown_webhook:${DELETED_WEBHOOK_ID}`);

    // Later notices, for this subject or another, in this run or the next, do not call Discord.
    expect((await n.notify(reviewNotice('judged', { subject_key: notice.subject_key }))).outcome).toBe('disabled');
    expect((await n.notify(reviewNotice('opened'))).outcome).toBe('disabled');
    const nextRun = notifier({ webhookId: DELETED_WEBHOOK_ID });
    expect((await nextRun.notifier.notify(reviewNotice('merged', { subject_key: notice.subject_key }))).outcome).toBe(
      'disabled',
    );
    expect(await discord.webhookCalls()).toHaveLength(1);
    expect(log.lines.filter((l) => l.message === WEBHOOK_GONE_LINE)).toHaveLength(1);
    expect(nextRun.log.lines).toEqual([]);
    // The token is in no log line.
    expect(JSON.stringify(log.lines)).not.toContain(DISCORD_TEST_WEBHOOK.token);

    // Once DISCORD_WEBHOOK_URL names a webhook that exists, the subject gets its message.
    const replaced = await notifier().notifier.notify(reviewNotice('merged', { subject_key: notice.subject_key }));
    expect(replaced.outcome).toBe('created');
    expect(await discord.messages()).toHaveLength(1);
  });

  it('disables when the webhook is deleted after the message was created (404 on the edit)', async () => {
    // A webhook of this test's own, so deleting it leaves the fixture's webhook to the other tests.
    const webhook = await discord.createWebhook();
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const { notifier: n, log } = notifier({ webhookUrl: webhook.url });
    const created = await n.notify(reviewNotice('opened', { subject_key: subject }));
    await discord.fault({ kind: 'webhook_deleted', webhook_id: webhook.id });

    const result = await n.notify(reviewNotice('judged', { subject_key: subject }));
    expect(result).toEqual({ outcome: 'disabled', channel: 'discord', message_id: created.message_id });
    expect(await n.notify(reviewNotice('merged', { subject_key: subject }))).toMatchObject({ outcome: 'disabled' });
    expect((await discord.webhookCalls()).map((c) => c.method)).toEqual(['POST', 'PATCH']);
    expect(log.lines.map((l) => l.message)).toEqual([WEBHOOK_GONE_LINE]);
    expect(JSON.stringify(log.lines)).not.toContain(webhook.token);
    expect((await store.get(subject))?.disabled_reason).toBe(`unknown_webhook:${webhook.id}`);
  });

  it('creates a new message when someone deleted the old one (404 10008 Unknown Message)', async () => {
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const { notifier: n } = notifier();
    const first = await n.notify(reviewNotice('opened', { subject_key: subject }));
    await discord.deleteMessage(first.message_id ?? '');

    const second = await n.notify(reviewNotice('judged', { subject_key: subject }));
    expect(second.outcome).toBe('created');
    expect(second.message_id).not.toBe(first.message_id);
    expect((await store.get(subject))?.message_id).toBe(second.message_id);
    const live = (await discord.messages()).filter((m) => !m.deleted);
    expect(live.map((m) => m.id)).toEqual([second.message_id]);
  });

  it('starts a new message when DISCORD_WEBHOOK_URL moves to another webhook, which cannot edit the old one', async () => {
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const notice = reviewNotice('judged', { subject_key: subject });
    const old = await notifier().notifier.notify(notice);
    const other = await discord.createWebhook();
    const moved = notifier({ webhookUrl: other.url });

    // Even the unchanged notice goes to the new webhook: its PATCH of the old id is refused (10008).
    const result = await moved.notifier.notify(structuredClone(notice));
    expect(result.outcome).toBe('created');
    expect(result.message_id).not.toBe(old.message_id);
    expect((await discord.webhookCalls()).map((c) => `${c.method} ${c.path.split('/')[3]}`)).toEqual([
      `POST ${DISCORD_TEST_WEBHOOK.id}`,
      `PATCH ${other.id}`,
      `POST ${other.id}`,
    ]);
    expect((await moved.notifier.notify(reviewNotice('merged', { subject_key: subject }))).outcome).toBe('edited');
    expect((await discord.messages()).map((m) => [m.webhook_id, m.edits])).toEqual([
      [DISCORD_TEST_WEBHOOK.id, 0],
      [other.id, 1],
    ]);
  });

  it('makes a hostile title and notes inert and keeps them within Discord limits, on the create and the edit', async () => {
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const { notifier: n } = notifier();
    const hostile = (stage: 'opened' | 'judged') =>
      reviewNotice(stage, {
        subject_key: subject,
        post_title: HOSTILE,
        highlights: [HOSTILE, '**bold** <@123>'],
        verdict: { verdict: 'polish', confidence: 0.4, notes: [HOSTILE, '[click](https://evil.example)'] },
      });
    // The fake answers 400 50035 for anything over a limit, so success means every limit held.
    expect((await n.notify(hostile('opened'))).outcome).toBe('created');
    expect((await n.notify(hostile('judged'))).outcome).toBe('edited');

    const [message] = await discord.messages();
    expect(message?.pings).toEqual([]);
    expect(message?.rendered_mentions).toEqual([]);
    const embed = message?.embeds[0] as { title: string; fields: { name: string; value: string }[] };
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.title).toContain('\\*\\*bold\\*\\*');
    // The masked link is broken and its URL removed: no embed text links anywhere unlisted.
    expect(embed.title).toContain('\\[click\\](');
    expect(embed.title).not.toContain('evil.example');
    expect(embed.title.endsWith('…')).toBe(true);
    for (const field of embed.fields) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(JSON.stringify(message)).not.toMatch(/@everyone|@here|<@&?\d+>|<#\d+>/);
    expect(JSON.stringify(message)).not.toMatch(/[^\\]\]\(https:\/\/evil/);
    expect(message?.content.length).toBeLessThanOrEqual(2000);
    for (const body of await bodies()) expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('makes one message when two first notices for a subject race', async () => {
    const subject = `daily_recap:${crypto.randomUUID()}`;
    const [a, b] = [notifier({ clock: systemClock }).notifier, notifier({ clock: systemClock }).notifier];
    const results = await Promise.all([
      a.notify(reviewNotice('opened', { subject_key: subject })),
      b.notify(reviewNotice('judged', { subject_key: subject })),
    ]);

    const messages = await discord.messages();
    expect(messages).toHaveLength(1);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'edited']);
    expect(results.map((r) => r.message_id)).toEqual([messages[0]?.id, messages[0]?.id]);
    expect((await discord.webhookCalls()).filter((c) => c.method === 'POST')).toHaveLength(1);
    expect((await store.get(subject))?.message_id).toBe(messages[0]?.id);
  });

  it('makes one message when the same first notice is sent twice at once', async () => {
    const notice = reviewNotice('opened');
    const results = await Promise.all([
      notifier({ clock: systemClock }).notifier.notify(notice),
      notifier({ clock: systemClock }).notifier.notify(structuredClone(notice)),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'unchanged']);
    expect(await discord.messages()).toHaveLength(1);
    expect(await discord.webhookCalls()).toHaveLength(1);
  });

  it('retries a 5xx with a short backoff and creates the message once', async () => {
    await discord.fault({ kind: 'server_error', status: 503 });
    const { notifier: n, clock } = notifier();
    const result = await n.notify(reviewNotice('opened'));
    expect(result.outcome).toBe('created');
    expect(clock.sleeps).toEqual([500]);
    expect(await discord.messages()).toHaveLength(1);
  });

  it('turns 5xx that do not stop into a retryable upstream_unavailable without the token in it', async () => {
    await discord.fault({ kind: 'server_error', times: 3 });
    const { notifier: n, clock } = notifier();
    const notice = reviewNotice('opened');
    const error = await failure(n.notify(notice));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(await discord.webhookCalls()).toHaveLength(3);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      DISCORD_TEST_WEBHOOK.token,
    );
    expect((await store.get(notice.subject_key))?.state).toBe('released');
  });

  it('retries a request that timed out', async () => {
    await discord.script({ method: 'POST', pathPrefix: '/api/webhooks/', response: { status: 200, delay_ms: 1500 } });
    const { notifier: n, clock } = notifier({ timeoutMs: 300 });
    const result = await n.notify(reviewNotice('opened'));
    expect(result.outcome).toBe('created');
    expect(clock.sleeps).toEqual([500]);
    expect(await discord.messages()).toHaveLength(1);
  });

  it('reports a 400 Invalid Form Body as a non-retryable upstream_rejected naming the field', async () => {
    await discord.script({
      method: 'POST',
      pathPrefix: '/api/webhooks/',
      response: { status: 400, body: invalidFormBody },
    });
    const notice = reviewNotice('opened');
    const error = await failure(notifier().notifier.notify(notice));
    expect(error.code).toBe('upstream_rejected');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('embeds.0.description: BASE_TYPE_MAX_LENGTH Must be 4096 or fewer in length.');
    expect(error.details.field).toBe('embeds.0.description');
    expect(await discord.webhookCalls()).toHaveLength(1);
  });

  it('reports a wrong webhook token as a configuration error', async () => {
    const instance = new DiscordNotifier({
      webhookUrl: `${discord.url}/api/webhooks/${DISCORD_TEST_WEBHOOK.id}/not-the-token`,
      db: env.DB,
      fetch: (input, init) => fetch(input, init),
      clock: testClock(),
      log: recordingLog(),
      message: SITE,
    });
    const error = await failure(instance.notify(reviewNotice('opened')));
    expect(error.code).toBe('configuration_error');
    expect(error.message).toMatch(/DISCORD_WEBHOOK_URL/);
    expect(error.message).not.toContain('not-the-token');
  });
});
