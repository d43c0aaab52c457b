import { StreamlogError } from '../../../core/errors.ts';
import { parseJsonOrNull } from '../../../core/http/parse-json.ts';
import type { ReviewMessageOptions } from '../../../core/notify/review-message.ts';
import { upstreamBackoffMs } from '../../../core/time/backoff.ts';
import { CLAIMED_STATE, NotificationMessageStore } from '../../../store/notifications/notification-messages.ts';
import type { FetchLike } from '../http/upstream-fetch.ts';
import type { Clock, Logger } from '../ports.ts';
import type { Notifier, NotifyResult, ReviewNotice } from './ports.ts';
import { type BuiltPayload, buildReviewPayload } from './review-payload.ts';

export interface DiscordNotifierOptions {
  /** `DISCORD_WEBHOOK_URL`: `https://discord.com/api/webhooks/<id>/<token>`. The token is never logged. */
  webhookUrl: string;
  db: D1Database;
  fetch: FetchLike;
  clock: Clock;
  log: Logger;
  message: ReviewMessageOptions;
  /** Per-request deadline (default 10 s). */
  timeoutMs?: number;
  /** The most this notifier waits on 429s for one send before giving up with a retryable error (default 60 s). */
  maxRateLimitWaitMs?: number;
  /** Attempts per send across 5xx answers, network errors and timeouts (default 3). */
  maxAttempts?: number;
  /**
   * How long a first send may hold its claim before another notice takes the subject over
   * (default 150 s: 60 s of rate-limit waits plus three timed-out attempts and their backoff).
   */
  claimLeaseMs?: number;
}

/** The log line for a deleted webhook; it names no token. */
export const WEBHOOK_GONE_LINE =
  'discord webhook is gone (404 Unknown Webhook): notifications disabled until DISCORD_WEBHOOK_URL is replaced';

const SERVICE = 'Discord';
const WEBHOOK_PATTERN = /^(https?:\/\/.+\/webhooks\/([0-9]+)\/([A-Za-z0-9_-]+))\/?$/;
/** Discord's JSON error codes this notifier tells apart. */
const UNKNOWN_MESSAGE = 10008;
const INVALID_WEBHOOK_TOKEN = 50027;
const INVALID_FORM_BODY = 50035;
/** 429s answered in a row before a send gives up even if each asked for a short wait. */
const MAX_RATE_LIMITED_ANSWERS = 8;
/** Reads of the row per notice (claims lost, takeovers lost, polls while another notice creates the message). */
const MAX_ROUNDS = 200;

type SendResult = { kind: 'ok'; json: unknown } | { kind: 'not_found'; code: number | null };

/**
 * The review `Notifier` over a Discord webhook (DESIGN §3 step 9): one message per subject,
 * created with `POST {webhook}?wait=true` (its id kept in D1) and edited in place with
 * `PATCH {webhook}/messages/{id}` as the PR moves. Every body carries `allowed_mentions: {parse: []}`.
 *
 * - An unchanged payload (same SHA-256 as stored) sends nothing.
 * - 429: waits `retry_after` (body, float seconds) or `Retry-After`, at most 60 s per send, then a
 *   retryable `upstream_rate_limited`. A 429 creates nothing, so a retried POST cannot duplicate.
 * - 404 Unknown Webhook (10015): the subject is marked disabled in D1 with
 *   `unknown_webhook:<webhook id>`, one line is logged, the outcome is `disabled`, and no later notice
 *   (for any subject) calls Discord until `DISCORD_WEBHOOK_URL` names another webhook.
 * - 404 Unknown Message (10008) on an edit: the message was deleted (or belongs to a replaced
 *   webhook), so a new one is created.
 * - 5xx, network errors and timeouts: retried with a short backoff, then a retryable
 *   `upstream_unavailable`. 400 (50035): a non-retryable `upstream_rejected` naming the field.
 * - Two first notices racing for one subject: the D1 claim lets one create the message; the other
 *   waits for its id and edits it (or finds it unchanged).
 */
export class DiscordNotifier implements Notifier {
  readonly kind = 'discord' as const;
  readonly #options: Required<Omit<DiscordNotifierOptions, 'db'>>;
  readonly #store: NotificationMessageStore;
  readonly #base: string;
  readonly #webhookId: string;
  readonly #token: string;
  readonly #disabledReason: string;
  /** Set once this notifier has seen the webhook gone: later notices do not even ask D1. */
  #gone = false;
  /** When the rate-limit bucket is empty, the time it refills. */
  #bucketResetMs = 0;

  constructor(options: DiscordNotifierOptions) {
    const match = WEBHOOK_PATTERN.exec(options.webhookUrl.trim());
    if (!match?.[1] || !match[2] || !match[3]) {
      throw new StreamlogError(
        'configuration_error',
        'DISCORD_WEBHOOK_URL must look like https://discord.com/api/webhooks/<id>/<token>',
      );
    }
    this.#base = match[1];
    this.#webhookId = match[2];
    this.#token = match[3];
    this.#disabledReason = `unknown_webhook:${this.#webhookId}`;
    this.#store = new NotificationMessageStore(options.db);
    this.#options = {
      webhookUrl: this.#base,
      fetch: options.fetch,
      clock: options.clock,
      log: options.log,
      message: options.message,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 3,
      claimLeaseMs: options.claimLeaseMs ?? 150_000,
    };
  }

  async notify(notice: ReviewNotice): Promise<NotifyResult> {
    const built = await buildReviewPayload(notice, this.#options.message, `discord:${this.#webhookId}`);
    const key = notice.subject_key;
    const waitStarted = this.#now();
    let pollMs = 100;
    for (let round = 1; ; round++) {
      if (round > MAX_ROUNDS) {
        throw new StreamlogError('concurrent_update', 'the review message kept changing under this notifier', {
          subject_key: key,
        });
      }
      if (this.#gone || (await this.#store.isDisabled(this.#disabledReason))) return this.#skipDisabled(key);
      const row = await this.#store.get(key);
      if (row === null) {
        if (await this.#store.claim(key, 'discord', notice.pull_request.url, this.#now())) {
          return this.#create(notice, built);
        }
        continue;
      }
      if (row.channel === 'discord' && row.message_id !== null && row.disabled_reason === null) {
        if (row.payload_hash === built.hash)
          return { outcome: 'unchanged', channel: 'discord', message_id: row.message_id };
        const edited = await this.#edit(notice, built, row.message_id);
        if (edited !== null) return edited;
        // The message is gone (deleted in Discord): take the row over and create a new one.
        if (await this.#store.reclaim(row, 'discord', this.#now())) return this.#create(notice, built);
        continue;
      }
      const claimInFlight =
        row.channel === 'discord' &&
        row.message_id === null &&
        row.state === CLAIMED_STATE &&
        this.#now() - row.updated_ms < this.#options.claimLeaseMs;
      if (!claimInFlight) {
        // Another channel's row (the outbox), a released or stale claim, or a webhook since replaced.
        if (await this.#store.reclaim(row, 'discord', this.#now())) return this.#create(notice, built);
        continue;
      }
      // Another notice is creating the message right now: wait for its id, then edit it.
      if (this.#now() - waitStarted > this.#options.claimLeaseMs) {
        throw new StreamlogError('concurrent_update', 'another notifier has been creating this message for too long', {
          subject_key: key,
        });
      }
      await this.#options.clock.sleep(pollMs);
      pollMs = Math.min(pollMs * 2, 2_000);
    }
  }

  async #create(notice: ReviewNotice, built: BuiltPayload): Promise<NotifyResult> {
    const key = notice.subject_key;
    let result: SendResult;
    try {
      result = await this.#send('POST', `${this.#base}?wait=true`, built.body);
    } catch (error) {
      await this.#store.release(key, this.#now());
      throw error;
    }
    // 10015 Unknown Webhook, or a bare 404: either way the webhook URL leads nowhere.
    if (result.kind === 'not_found') return this.#disable(key, result.code);
    const id = (result.json as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !/^[0-9]{1,25}$/.test(id)) {
      await this.#store.release(key, this.#now());
      throw new StreamlogError('upstream_rejected', 'Discord created the message but sent no message id back', {
        service: 'discord',
        webhook_id: this.#webhookId,
      });
    }
    await this.#store.recordSent(key, this.#sent(notice, built, id), this.#now());
    return { outcome: 'created', channel: 'discord', message_id: id };
  }

  /** The edit's result, or null when Discord no longer has the message (10008). */
  async #edit(notice: ReviewNotice, built: BuiltPayload, messageId: string): Promise<NotifyResult | null> {
    const result = await this.#send('PATCH', `${this.#base}/messages/${messageId}`, built.body);
    if (result.kind === 'not_found') {
      if (result.code === UNKNOWN_MESSAGE) {
        this.#options.log.warn('discord review message was deleted; creating a new one', {
          subject_key: notice.subject_key,
          message_id: messageId,
        });
        return null;
      }
      return this.#disable(notice.subject_key, result.code);
    }
    await this.#store.recordSent(notice.subject_key, this.#sent(notice, built, messageId), this.#now());
    return { outcome: 'edited', channel: 'discord', message_id: messageId };
  }

  async #disable(subjectKey: string, discordCode: number | null): Promise<NotifyResult> {
    this.#gone = true;
    await this.#store.markDisabled(subjectKey, 'discord', this.#disabledReason, this.#now());
    this.#options.log.error(WEBHOOK_GONE_LINE, {
      webhook_id: this.#webhookId,
      subject_key: subjectKey,
      discord_code: discordCode,
    });
    return {
      outcome: 'disabled',
      channel: 'discord',
      message_id: (await this.#store.get(subjectKey))?.message_id ?? null,
    };
  }

  /** A notice after the webhook was found gone: recorded on its subject, nothing sent, nothing logged again. */
  async #skipDisabled(subjectKey: string): Promise<NotifyResult> {
    this.#gone = true;
    const row = await this.#store.get(subjectKey);
    if (row?.disabled_reason !== this.#disabledReason) {
      await this.#store.markDisabled(subjectKey, 'discord', this.#disabledReason, this.#now());
    }
    return { outcome: 'disabled', channel: 'discord', message_id: row?.message_id ?? null };
  }

  #sent(notice: ReviewNotice, built: BuiltPayload, messageId: string) {
    return {
      message_id: messageId,
      payload: built.body,
      payload_hash: built.hash,
      state: notice.stage,
      pull_request_url: notice.pull_request.url,
    };
  }

  /**
   * One execute or edit, with Discord's rate limits honoured and transient failures retried.
   * Answers ok (with the JSON body) or not found (with Discord's code); throws for everything else.
   */
  async #send(method: 'POST' | 'PATCH', url: string, body: string): Promise<SendResult> {
    const { clock, log, maxAttempts, maxRateLimitWaitMs } = this.#options;
    const route = method === 'POST' ? 'execute webhook' : 'edit webhook message';
    let failures = 0;
    let rateLimited = 0;
    let waitedMs = 0;
    let lastFailure: StreamlogError | null = null;
    for (;;) {
      const bucketWaitMs = this.#bucketResetMs - this.#now();
      if (bucketWaitMs > 0) {
        if (waitedMs + bucketWaitMs > maxRateLimitWaitMs) throw this.#rateLimitError(route, bucketWaitMs, false);
        await clock.sleep(bucketWaitMs);
        waitedMs += bucketWaitMs;
      }
      let response: Response;
      try {
        response = await this.#options.fetch(url, {
          method,
          headers: { 'content-type': 'application/json', 'user-agent': 'Streamlog (review notifier, 1.0)' },
          body,
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        lastFailure = new StreamlogError(
          'upstream_unavailable',
          timedOut
            ? `${SERVICE} ${route} did not answer within ${this.#options.timeoutMs} ms`
            : `${SERVICE} ${route} could not be reached`,
          { service: 'discord', webhook_id: this.#webhookId, timeout: timedOut, cause: this.#redact(String(error)) },
        );
        failures += 1;
        if (failures >= maxAttempts) throw lastFailure;
        await clock.sleep(upstreamBackoffMs(failures));
        continue;
      }
      this.#observeBucket(response.headers);
      if (response.ok) {
        const text = await response.text();
        return { kind: 'ok', json: text === '' ? null : parseJsonOrNull(text) };
      }
      const answer = (await response.json().catch(() => null)) as DiscordError | null;
      if (response.status === 429) {
        rateLimited += 1;
        const waitMs = retryAfterMs(answer, response.headers) ?? upstreamBackoffMs(rateLimited);
        const global = answer?.global === true || response.headers.get('x-ratelimit-global') === 'true';
        if (waitedMs + waitMs > maxRateLimitWaitMs || rateLimited > MAX_RATE_LIMITED_ANSWERS) {
          throw this.#rateLimitError(route, waitMs, global);
        }
        log.info('discord rate limited; waiting before retrying', { route, wait_ms: waitMs, global });
        await clock.sleep(waitMs);
        waitedMs += waitMs;
        continue;
      }
      if (response.status === 404)
        return { kind: 'not_found', code: typeof answer?.code === 'number' ? answer.code : null };
      if (response.status >= 500) {
        lastFailure = new StreamlogError('upstream_unavailable', `${SERVICE} ${route} answered ${response.status}`, {
          service: 'discord',
          webhook_id: this.#webhookId,
          status: response.status,
        });
        failures += 1;
        if (failures >= maxAttempts) throw lastFailure;
        await clock.sleep(upstreamBackoffMs(failures));
        continue;
      }
      throw this.#rejection(route, response.status, answer);
    }
  }

  #rejection(route: string, status: number, answer: DiscordError | null): StreamlogError {
    const details = { service: 'discord', webhook_id: this.#webhookId, status, discord_code: answer?.code ?? null };
    if (status === 401 || answer?.code === INVALID_WEBHOOK_TOKEN) {
      return new StreamlogError(
        'configuration_error',
        `${SERVICE} refused the webhook token (${status} Invalid Webhook Token): check DISCORD_WEBHOOK_URL`,
        details,
      );
    }
    if (answer?.code === INVALID_FORM_BODY) {
      const problems = formErrors(answer.errors);
      const first = problems[0];
      return new StreamlogError(
        'upstream_rejected',
        `${SERVICE} ${route} rejected the message (50035 Invalid Form Body): ${
          problems.map((p) => `${p.field}: ${p.code} ${p.message}`.trim()).join('; ') || 'no field given'
        }`.slice(0, 500),
        { ...details, field: first?.field ?? null },
      );
    }
    const message = typeof answer?.message === 'string' ? `: ${answer.message.slice(0, 200)}` : '';
    return new StreamlogError('upstream_rejected', `${SERVICE} ${route} answered ${status}${message}`, details);
  }

  #rateLimitError(route: string, waitMs: number, global: boolean): StreamlogError {
    return new StreamlogError(
      'upstream_rate_limited',
      `${SERVICE} ${route} is rate limited for longer than this run waits (${Math.ceil(waitMs / 1000)} s${global ? ', global' : ''})`,
      { service: 'discord', webhook_id: this.#webhookId, retry_after_ms: waitMs, global },
    );
  }

  /** Remembers an emptied bucket (`X-RateLimit-Remaining: 0`) so the next send waits instead of earning a 429. */
  #observeBucket(headers: Headers): void {
    const remaining = headers.get('x-ratelimit-remaining');
    const resetAfter = Number(headers.get('x-ratelimit-reset-after'));
    if (remaining === '0' && Number.isFinite(resetAfter) && resetAfter > 0) {
      this.#bucketResetMs = this.#now() + Math.ceil(resetAfter * 1000);
    }
  }

  #redact(text: string): string {
    return text.replaceAll(this.#token, '[token]').slice(0, 200);
  }

  #now(): number {
    return this.#options.clock.now().getTime();
  }
}

interface DiscordError {
  message?: unknown;
  code?: unknown;
  retry_after?: unknown;
  global?: unknown;
  errors?: unknown;
}

/** The wait a 429 asks for: the body's `retry_after` (float seconds), else the `Retry-After` header. */
function retryAfterMs(answer: DiscordError | null, headers: Headers): number | null {
  const fromBody = answer?.retry_after;
  if (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0) return Math.ceil(fromBody * 1000);
  const header = Number(headers.get('retry-after') ?? Number.NaN);
  if (Number.isFinite(header) && header >= 0) return Math.ceil(header * 1000);
  return null;
}

/** The field paths and reasons of a 50035 body: `embeds.0.description: BASE_TYPE_MAX_LENGTH Must be …`. */
export function formErrors(errors: unknown, path: string[] = []): { field: string; code: string; message: string }[] {
  if (!errors || typeof errors !== 'object') return [];
  const found: { field: string; code: string; message: string }[] = [];
  for (const [name, value] of Object.entries(errors as Record<string, unknown>)) {
    if (name === '_errors' && Array.isArray(value)) {
      for (const entry of value as { code?: unknown; message?: unknown }[]) {
        found.push({
          field: path.join('.') || '(message)',
          code: typeof entry?.code === 'string' ? entry.code : '',
          message: typeof entry?.message === 'string' ? entry.message.slice(0, 200) : '',
        });
      }
    } else {
      found.push(...formErrors(value, [...path, name]));
    }
    if (found.length >= 5) break;
  }
  return found;
}
