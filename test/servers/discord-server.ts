import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiscordFault, FakeDiscordMessage } from './discord-control.ts';
import { DISCORD_TEST_WEBHOOK, discordWebhookUrl } from './discord-credentials.ts';
import type { RecordedRequest, ScriptedResponse } from './lib/protocol.ts';
import { ScriptedServer } from './lib/scripted-server.ts';

export { DISCORD_TEST_WEBHOOK, discordWebhookUrl };

const FIXTURES = join(import.meta.dirname, '../fixtures/discord');
const read = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

interface SessionState {
  messages: (FakeDiscordMessage & { allowed_mentions: unknown; created_at: string; edited_at: string | null })[];
  faults: (DiscordFault & { remaining: number })[];
  /** Webhooks by id: the fixture's, plus any a test created; a deleted one answers 404. */
  webhooks: Map<string, { token: string; deleted: boolean }>;
}

/** Discord's embed limits (test/fixtures/SHAPES.md, discord/), counted as Discord does: code points, trimmed. */
const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  total: 6000,
};

type FormError = { path: (string | number)[]; code: string; message: string };

/**
 * A local Discord that speaks the webhook API of the fixtures (test/fixtures/discord):
 * - `POST /api/webhooks/{id}/{token}[?wait=true]`: validates the payload (embed limits, empty
 *   message) and keeps the message; with `wait=true` answers 200 with the message object (fixture
 *   shape), without it 204;
 * - `GET /api/webhooks/{id}/{token}`: the webhook object (Get Webhook with Token), nothing sent;
 * - `PATCH|GET|DELETE /api/webhooks/{id}/{token}/messages/{message_id}`: 200 with the message (204
 *   for DELETE), or 404 Unknown Message (10008);
 * - an unknown or deleted webhook answers the fixture 404 Unknown Webhook (10015), a wrong token
 *   401 (50027); besides the fixture's webhook, a test may create its own (`POST /__discord/webhooks`);
 * - a payload over the limits answers 400 50035 with the failing fields, like the fixture.
 * Faults (429 with the fixture body and headers, 5xx, "created, then 502", a deleted webhook) are
 * set per session at `POST /__discord/faults` (`GET` lists those not used yet, `DELETE` drops them); the messages are listed at `GET /__discord/messages`
 * (see discord-control.ts), a message created under "created, then 502" marked `unconfirmed_create`. Plain `ScriptRule`s work as on every scripted server and win over all this.
 */
export function createDiscordServer(): ScriptedServer {
  const sessions = new Map<string, SessionState>();
  const stateOf = (request: RecordedRequest | string): SessionState => {
    const name = typeof request === 'string' ? request : (/\/s\/([A-Za-z0-9_-]+)$/.exec(request.base_url)?.[1] ?? '');
    let state = sessions.get(name);
    if (!state) {
      state = {
        messages: [],
        faults: [],
        webhooks: new Map([[DISCORD_TEST_WEBHOOK.id, { token: DISCORD_TEST_WEBHOOK.token, deleted: false }]]),
      };
      sessions.set(name, state);
    }
    return state;
  };
  const waitResponse = read('webhook-execute-response-wait-true.json');
  const rateHeaders = read('webhook-rate-limit-headers.json') as Record<
    string,
    { status: number; headers: Record<string, string> }
  >;
  let nextId = BigInt(String(waitResponse.id));
  let nextWebhookId = BigInt(DISCORD_TEST_WEBHOOK.id) + 1000n;

  const handler = (request: RecordedRequest): ScriptedResponse | undefined => {
    const state = stateOf(request);
    if (request.path === '/__discord/messages' && request.method === 'GET') {
      return { status: 200, body: { messages: state.messages.map(publicView) } };
    }
    if (request.path === '/__discord/faults' && request.method === 'POST') {
      for (const fault of JSON.parse(request.body) as DiscordFault[]) {
        if (fault.kind === 'webhook_deleted') {
          const webhook = state.webhooks.get(fault.webhook_id ?? DISCORD_TEST_WEBHOOK.id);
          if (webhook) webhook.deleted = true;
        } else state.faults.push({ ...fault, remaining: fault.times ?? 1 });
      }
      return { status: 204 };
    }
    if (request.path === '/__discord/faults' && request.method === 'GET') {
      return { status: 200, body: { faults: state.faults.map(({ remaining: _remaining, ...fault }) => fault) } };
    }
    if (request.path === '/__discord/faults' && request.method === 'DELETE') {
      state.faults.length = 0;
      return { status: 204 };
    }
    if (request.path === '/__discord/webhooks' && request.method === 'POST') {
      nextWebhookId += 1n;
      const id = String(nextWebhookId);
      const token = `fixture-webhook-token-${id}`;
      state.webhooks.set(id, { token, deleted: false });
      return { status: 200, body: { id, token, channel_id: DISCORD_TEST_WEBHOOK.channel_id } };
    }
    const humanDelete = /^\/__discord\/messages\/([0-9]+)$/.exec(request.path);
    if (humanDelete && request.method === 'DELETE') {
      const message = state.messages.find((m) => m.id === humanDelete[1] && !m.deleted);
      if (!message) return { status: 404, body: unknownMessage() };
      message.deleted = true;
      return { status: 204 };
    }

    const route = /^\/api(?:\/v\d+)?\/webhooks\/([0-9]+)\/([^/]+)(?:\/messages\/([0-9]+))?$/.exec(request.path);
    if (!route) return undefined;
    const [, webhookId, token, messageId] = route;
    const webhook = state.webhooks.get(webhookId ?? '');
    if (!webhook || webhook.deleted) return { status: 404, body: read('webhook-response-404-unknown-webhook.json') };
    if (token !== webhook.token) {
      return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    }

    if (messageId === undefined && request.method === 'GET') {
      // Get Webhook with Token: the webhook object (no user, since the token authenticates), nothing sent.
      return {
        status: 200,
        body: {
          application_id: null,
          avatar: null,
          channel_id: DISCORD_TEST_WEBHOOK.channel_id,
          guild_id: '1311422987550244900',
          id: webhookId,
          name: 'Streamlog',
          type: 1,
          token: webhook.token,
        },
      };
    }
    const execute = messageId === undefined && request.method === 'POST';
    const edit = messageId !== undefined && request.method === 'PATCH';
    if (messageId !== undefined && (request.method === 'GET' || request.method === 'DELETE')) {
      const message = state.messages.find((m) => m.id === messageId && m.webhook_id === webhookId && !m.deleted);
      if (!message) return { status: 404, body: unknownMessage() };
      if (request.method === 'DELETE') {
        message.deleted = true;
        return { status: 204, headers: rateHeaders.ok_204?.headers };
      }
      return { status: 200, headers: rateHeaders.ok_204?.headers, body: messageObject(message) };
    }
    if (!execute && !edit) return undefined;

    const fault = takeFault(state, request.method);
    if (fault?.kind === 'rate_limited' || fault?.kind === 'rate_limited_global') {
      const global = fault.kind === 'rate_limited_global';
      const base = read(global ? 'webhook-response-429-global.json' : 'webhook-response-429.json');
      const body = fault.retry_after === undefined ? base : { ...base, retry_after: fault.retry_after };
      const headers = { ...(global ? rateHeaders.global_429 : rateHeaders.route_429)?.headers };
      if (fault.retry_after !== undefined) headers['Retry-After'] = String(Math.ceil(fault.retry_after));
      return fault.header_only ? { status: 429, headers } : { status: 429, headers, body };
    }
    if (fault?.kind === 'server_error') {
      const status = fault.status ?? 502;
      return {
        status,
        headers: { 'content-type': 'text/html' },
        body: `<html><body><h1>${status} Bad Gateway</h1></body></html>`,
      };
    }

    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(request.body) as Record<string, unknown>;
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('not an object');
    } catch {
      return { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } };
    }
    const problems = validate(payload, edit);
    if (problems === 'empty') return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    if (problems.length > 0) return { status: 400, body: invalidFormBody(problems) };

    let message: SessionState['messages'][number] | undefined;
    if (execute) {
      nextId += 1n;
      const now = new Date();
      message = {
        id: String(nextId),
        webhook_id: webhookId ?? '',
        content: typeof payload.content === 'string' ? payload.content : '',
        embeds: Array.isArray(payload.embeds) ? payload.embeds : [],
        allowed_mentions: payload.allowed_mentions,
        allowed_mentions_history: [payload.allowed_mentions ?? null],
        pings: [],
        rendered_mentions: [],
        edits: 0,
        deleted: false,
        unconfirmed_create: fault?.kind === 'created_then_502',
        created_ms: now.getTime(),
        edited_ms: null,
        created_at: discordTimestamp(now),
        edited_at: null,
      };
      state.messages.push(message);
    } else {
      // A webhook edits only its own messages.
      message = state.messages.find((m) => m.id === messageId && m.webhook_id === webhookId && !m.deleted);
      if (!message) return { status: 404, body: unknownMessage() };
      if ('content' in payload) message.content = typeof payload.content === 'string' ? payload.content : '';
      if ('embeds' in payload) message.embeds = Array.isArray(payload.embeds) ? payload.embeds : [];
      message.allowed_mentions = payload.allowed_mentions;
      message.allowed_mentions_history.push(payload.allowed_mentions ?? null);
      message.edits += 1;
      const now = new Date();
      message.edited_ms = now.getTime();
      message.edited_at = discordTimestamp(now);
    }
    ({ pings: message.pings, rendered: message.rendered_mentions } = mentions(message));

    if (fault?.kind === 'created_then_502') {
      return {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><body>502 Bad Gateway</body></html>',
      };
    }
    const headers = rateHeaders.ok_204?.headers;
    if (execute && request.query.wait !== 'true') return { status: 204, headers };
    return { status: 200, headers, body: messageObject(message) };
  };

  function messageObject(message: SessionState['messages'][number]): Record<string, unknown> {
    return {
      ...waitResponse,
      id: message.id,
      content: message.content,
      embeds: message.embeds.map((embed) => ({ type: 'rich', ...(embed as object) })),
      timestamp: message.created_at,
      edited_timestamp: message.edited_at,
      channel_id: DISCORD_TEST_WEBHOOK.channel_id,
      webhook_id: message.webhook_id,
      mention_everyone: message.pings.some((p) => p === '@everyone' || p === '@here'),
      mentions: [],
      mention_roles: [],
    };
  }

  class DiscordServer extends ScriptedServer {
    override reset(session = ''): void {
      super.reset(session);
      sessions.delete(session);
    }
  }
  return new DiscordServer('discord', handler);
}

function takeFault(state: SessionState, method: string): DiscordFault | undefined {
  const index = state.faults.findIndex((fault) => fault.method === undefined || fault.method === method);
  const fault = state.faults[index];
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) state.faults.splice(index, 1);
  return fault;
}

function unknownMessage() {
  return { message: 'Unknown Message', code: 10008 };
}

/** `2026-11-10T02:05:42.381000+00:00`, as in the fixture. */
function discordTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

function publicView(message: SessionState['messages'][number]): FakeDiscordMessage {
  const { allowed_mentions: _current, created_at: _created, edited_at: _edited, ...view } = message;
  return view;
}

/** Discord counts characters as code points, after trimming whitespace. */
function length(value: unknown): number {
  return typeof value === 'string' ? Array.from(value.trim()).length : 0;
}

/** Every limit of SHAPES.md, checked as Discord does; `empty` when there is nothing to send. */
function validate(payload: Record<string, unknown>, edit: boolean): FormError[] | 'empty' {
  const problems: FormError[] = [];
  const max = (path: (string | number)[], value: unknown, limit: number) => {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      problems.push({ path, code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' });
    } else if (length(value) > limit) {
      problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` });
    }
  };
  max(['content'], payload.content, LIMITS.content);
  const embeds = payload.embeds;
  if (embeds !== undefined && !Array.isArray(embeds)) {
    problems.push({ path: ['embeds'], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' });
  }
  const list = Array.isArray(embeds) ? (embeds as Record<string, unknown>[]) : [];
  if (list.length > LIMITS.embeds) {
    problems.push({
      path: ['embeds'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${LIMITS.embeds} or fewer in length.`,
    });
  }
  let total = 0;
  list.forEach((embed, i) => {
    max(['embeds', i, 'title'], embed.title, LIMITS.title);
    max(['embeds', i, 'description'], embed.description, LIMITS.description);
    const footer = embed.footer as { text?: unknown } | undefined;
    const author = embed.author as { name?: unknown } | undefined;
    max(['embeds', i, 'footer', 'text'], footer?.text, LIMITS.footer);
    max(['embeds', i, 'author', 'name'], author?.name, LIMITS.authorName);
    total += length(embed.title) + length(embed.description) + length(footer?.text) + length(author?.name);
    for (const key of ['url'] as const) {
      const url = embed[key];
      if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url))) {
        problems.push({ path: ['embeds', i, key], code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
      }
    }
    const fields = Array.isArray(embed.fields) ? (embed.fields as Record<string, unknown>[]) : [];
    if (fields.length > LIMITS.fields) {
      problems.push({
        path: ['embeds', i, 'fields'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${LIMITS.fields} or fewer in length.`,
      });
    }
    fields.forEach((field, j) => {
      for (const [key, limit] of [
        ['name', LIMITS.fieldName],
        ['value', LIMITS.fieldValue],
      ] as const) {
        if (length(field[key]) === 0) {
          problems.push({
            path: ['embeds', i, 'fields', j, key],
            code: 'BASE_TYPE_REQUIRED',
            message: 'This field is required',
          });
        } else {
          max(['embeds', i, 'fields', j, key], field[key], limit);
        }
      }
      total += length(field.name) + length(field.value);
    });
  });
  if (total > LIMITS.total) {
    problems.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
  }
  if (!edit && problems.length === 0 && length(payload.content) === 0 && list.length === 0) return 'empty';
  return problems;
}

/** The 50035 body of the fixture: errors nested by path, `_errors` at the leaves. */
function invalidFormBody(problems: FormError[]): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = errors;
    for (const part of problem.path) {
      const key = String(part);
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node._errors ??= [];
    const leaf = node._errors as { code: string; message: string }[];
    leaf.push({ code: problem.code, message: problem.message });
  }
  return { code: 50035, errors, message: 'Invalid Form Body' };
}

const MENTION = /@everyone|@here|<@[!&]?[0-9]+>/g;

/**
 * Which mentions in the message render, and which would ping under its `allowed_mentions` (no
 * `allowed_mentions`: everything in the content pings, as Discord does). Embeds render mentions but
 * never ping.
 */
function mentions(message: { content: string; embeds: unknown[]; allowed_mentions: unknown }): {
  pings: string[];
  rendered: string[];
} {
  const inContent = message.content.match(MENTION) ?? [];
  const inEmbeds = JSON.stringify(message.embeds).match(MENTION) ?? [];
  const allowed = message.allowed_mentions as { parse?: unknown; users?: unknown; roles?: unknown } | undefined;
  const parse =
    allowed === undefined || allowed === null
      ? ['everyone', 'users', 'roles']
      : Array.isArray(allowed.parse)
        ? allowed.parse
        : [];
  const users = Array.isArray(allowed?.users) ? (allowed.users as string[]) : [];
  const roles = Array.isArray(allowed?.roles) ? (allowed.roles as string[]) : [];
  const pings = inContent.filter((mention) => {
    if (mention === '@everyone' || mention === '@here') return parse.includes('everyone');
    const id = /[0-9]+/.exec(mention)?.[0] ?? '';
    if (mention.startsWith('<@&')) return parse.includes('roles') || roles.includes(id);
    return parse.includes('users') || users.includes(id);
  });
  return { pings, rendered: [...inContent, ...inEmbeds] };
}
