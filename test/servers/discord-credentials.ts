/**
 * The webhook the fake Discord knows (test/servers/discord-server.ts). Plain constants so tests in
 * Node and in workerd can build the `DISCORD_WEBHOOK_URL` the notifier is configured with.
 */
export const DISCORD_TEST_WEBHOOK = {
  /** `webhook_id` of test/fixtures/discord/webhook-execute-response-wait-true.json. */
  id: '1311423390455087154',
  token: 'fixture-webhook-token_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z',
  channel_id: '1311422987550244904',
} as const;

/** A webhook id the fake has never heard of: every call answers 404 Unknown Webhook (10015). */
export const DELETED_WEBHOOK_ID = '1311423390455087999';

/** `DISCORD_WEBHOOK_URL` for a server base URL (a session's `ServerControl.url`). */
export function discordWebhookUrl(baseUrl: string, webhookId: string = DISCORD_TEST_WEBHOOK.id): string {
  return `${baseUrl.replace(/\/$/, '')}/api/webhooks/${webhookId}/${DISCORD_TEST_WEBHOOK.token}`;
}
