import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import waitResponse from '../../fixtures/discord/webhook-execute-response-wait-true.json';
import notFoundBody from '../../fixtures/discord/webhook-response-404-unknown-webhook.json';
import rateLimitedBody from '../../fixtures/discord/webhook-response-429.json';
import { DiscordControl } from '../../servers/discord-control.ts';
import { DELETED_WEBHOOK_ID, discordWebhookUrl } from '../../servers/discord-credentials.ts';

// The fake Discord itself: the notifier tests only mean something if it answers as Discord does.
const discord = new DiscordControl(env.DISCORD_TEST_SERVER, crypto.randomUUID());
const webhook = discordWebhookUrl(discord.url);

afterEach(async () => {
  await discord.assertNoUnexpected();
  await discord.reset();
});

const post = (url: string, body: unknown, method = 'POST') =>
  fetch(url, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('fake Discord webhook API', () => {
  it('answers 204 without wait, and the fixture-shaped message object with wait=true', async () => {
    expect((await post(webhook, { content: 'hi' })).status).toBe(204);
    const response = await post(`${webhook}?wait=true`, { content: 'hello', embeds: [{ title: 't' }] });
    expect(response.status).toBe(200);
    const message = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(message).sort()).toEqual(Object.keys(waitResponse).sort());
    expect(message).toMatchObject({
      content: 'hello',
      embeds: [{ type: 'rich', title: 't' }],
      webhook_id: waitResponse.webhook_id,
    });
    expect(message.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(await discord.messages()).toHaveLength(2);
  });

  it('edits a message with PATCH and answers 10008 for one it does not have', async () => {
    const created = (await (await post(`${webhook}?wait=true`, { content: 'v1' })).json()) as { id: string };
    const edited = await post(`${webhook}/messages/${created.id}`, { content: 'v2' }, 'PATCH');
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { edited_timestamp: string | null }).edited_timestamp).not.toBeNull();
    const missing = await post(`${webhook}/messages/1`, { content: 'v2' }, 'PATCH');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Unknown Message', code: 10008 });
    expect((await discord.messages()).map((m) => [m.content, m.edits])).toEqual([['v2', 1]]);
  });

  it('answers the fixture 404 for an unknown webhook', async () => {
    const response = await post(discordWebhookUrl(discord.url, DELETED_WEBHOOK_ID), { content: 'x' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(notFoundBody);
  });

  it('refuses a payload over the embed limits with 400 50035 naming each field', async () => {
    const response = await post(webhook, {
      content: 'c'.repeat(2001),
      embeds: [{ title: 't'.repeat(257), description: 'd'.repeat(4097), fields: [{ name: 'n', value: '' }] }],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: number; errors: Record<string, unknown> };
    expect(body.code).toBe(50035);
    expect(body.errors).toEqual({
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
      embeds: {
        '0': {
          title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }] },
          description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' }] },
          fields: { '0': { value: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } },
        },
      },
    });
    // The 6000 total across an embed, even with every part within its own limit.
    const fields = Array.from({ length: 6 }, () => ({ name: 'n', value: 'v'.repeat(1024) }));
    const total = await post(webhook, { embeds: [{ title: 't', fields }] });
    expect(((await total.json()) as { errors: unknown }).errors).toEqual({
      embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] },
    });
    expect((await post(webhook, {})).status).toBe(400);
    expect(await discord.messages()).toHaveLength(0);
  });

  it('pings what allowed_mentions lets through, and nothing with parse: []', async () => {
    await post(webhook, { content: '@everyone <@123>' });
    await post(webhook, { content: '@everyone <@123>', allowed_mentions: { parse: [] } });
    expect((await discord.messages()).map((m) => m.pings)).toEqual([['@everyone', '<@123>'], []]);
  });

  it('injects 429s with the fixture body and headers, 5xx, and "created, then 502"', async () => {
    await discord.fault({ kind: 'rate_limited' }, { kind: 'server_error', status: 503 }, { kind: 'created_then_502' });
    const limited = await post(webhook, { content: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(await limited.json()).toEqual(rateLimitedBody);
    expect((await post(webhook, { content: 'x' })).status).toBe(503);
    expect(await discord.messages()).toHaveLength(0);
    expect((await post(`${webhook}?wait=true`, { content: 'x' })).status).toBe(502);
    expect(await discord.messages()).toHaveLength(1);
    expect((await post(webhook, { content: 'x' })).status).toBe(204);
  });
});
