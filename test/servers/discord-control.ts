import { ServerControl } from './lib/control-client.ts';

/** A message as the fake Discord keeps it. */
export interface FakeDiscordMessage {
  id: string;
  webhook_id: string;
  content: string;
  embeds: unknown[];
  /** `allowed_mentions` of the create and of every edit, in order. */
  allowed_mentions_history: unknown[];
  /** Mentions that would have pinged someone (`@everyone`, `@here`, `<@id>`, `<@&id>`) given `allowed_mentions`. */
  pings: string[];
  /** Mentions that would render as such (pinging or not). */
  rendered_mentions: string[];
  edits: number;
  deleted: boolean;
  /**
   * True when the execute that created this message was answered with a 502 (`created_then_502`):
   * the sender never learnt its id, so it is the copy a retried execute leaves behind.
   */
  unconfirmed_create: boolean;
  created_ms: number;
  edited_ms: number | null;
}

/**
 * Faults the fake Discord injects into the next matching webhook calls (execute or edit):
 * - `rate_limited`: 429 with the fixture body (`retry_after` 1.734, or the one given) and headers;
 * - `rate_limited_global`: the global 429 fixture (`retry_after` 64.57, `Retry-After: 65`);
 * - `server_error`: a 5xx (`status`, default 502) with an HTML body, creating nothing;
 * - `created_then_502`: the message is created (or edited), then the answer is a 502;
 * - `webhook_deleted`: from now on the webhook (`webhook_id`, default the fixture's) answers 404
 *   Unknown Webhook (`times` ignored).
 */
export interface DiscordFault {
  kind: 'rate_limited' | 'rate_limited_global' | 'server_error' | 'created_then_502' | 'webhook_deleted';
  method?: 'POST' | 'PATCH';
  /** How many matching calls this fault answers (default 1). */
  times?: number;
  status?: number;
  retry_after?: number;
  /** Send `retry_after` only in the `Retry-After` header (no JSON body). */
  header_only?: boolean;
  webhook_id?: string;
  /** Names the fault in the `pendingFaults()` answer. */
  label?: string;
}

/** `ServerControl` plus the fake Discord's own controls: its messages and its faults. */
export class DiscordControl extends ServerControl {
  async messages(): Promise<FakeDiscordMessage[]> {
    const response = await fetch(`${this.url}/__discord/messages`);
    if (!response.ok) throw new Error(`fake discord messages failed with ${response.status}`);
    return ((await response.json()) as { messages: FakeDiscordMessage[] }).messages;
  }

  async fault(...faults: DiscordFault[]): Promise<void> {
    const response = await fetch(`${this.url}/__discord/faults`, {
      method: 'POST',
      body: JSON.stringify(faults),
      headers: { 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`fake discord faults failed with ${response.status}`);
  }

  /** The faults not used yet, as they were set. */
  async pendingFaults(): Promise<DiscordFault[]> {
    const response = await fetch(`${this.url}/__discord/faults`);
    if (!response.ok) throw new Error(`fake discord pending faults failed with ${response.status}`);
    return ((await response.json()) as { faults: DiscordFault[] }).faults;
  }

  /** Drops the faults not used yet; messages and the request log stay. */
  async clearFaults(): Promise<void> {
    const response = await fetch(`${this.url}/__discord/faults`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`fake discord clear faults failed with ${response.status}`);
  }

  /** A new webhook of this session (Create Webhook), so a test can delete it without touching the fixture's. */
  async createWebhook(): Promise<{ id: string; token: string; url: string }> {
    const response = await fetch(`${this.url}/__discord/webhooks`, { method: 'POST' });
    if (!response.ok) throw new Error(`fake discord create webhook failed with ${response.status}`);
    const { id, token } = (await response.json()) as { id: string; token: string };
    return { id, token, url: `${this.url}/api/webhooks/${id}/${token}` };
  }

  /** Deletes a message as a human in the channel would. */
  async deleteMessage(id: string): Promise<void> {
    const response = await fetch(`${this.url}/__discord/messages/${id}`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`fake discord delete failed with ${response.status}`);
  }

  /** Webhook calls the code under test made (not the control calls above). */
  async webhookCalls() {
    return this.requests('/api/');
  }
}
