/**
 * The one review message per subject (`daily_recap:2026-11-09`), in `notification_messages`
 * (migrations 0001 + 0005): which channel carries it, the message id there, what it shows now
 * (`payload`, `payload_hash`) and whether its webhook was found deleted (`disabled_reason`).
 *
 * Writes that race are settled by the table itself: the first send claims the row with
 * `INSERT … ON CONFLICT DO NOTHING`, and a row is only ever taken over by an UPDATE whose WHERE
 * repeats what the taker read (compare-and-set), so two notifiers never both create a message.
 */

import { type DiscordWebhookPayload, payloadText } from '../../core/notify/review-message.ts';

export type NotificationChannel = 'discord' | 'outbox';

/** `state` while a first send is in flight (no message id yet). */
export const CLAIMED_STATE = 'claimed';
/** `state` after a first send failed: nobody holds the row, the next notice may create the message. */
export const RELEASED_STATE = 'released';

export interface NotificationMessageRow {
  subject_key: string;
  channel: NotificationChannel;
  message_id: string | null;
  pull_request_url: string | null;
  /** The review stage the message shows, or `claimed` / `released` before it exists. */
  state: string;
  /** The JSON body last sent (the execute-webhook payload). */
  payload: string | null;
  payload_hash: string | null;
  disabled_reason: string | null;
  updated_ms: number;
}

export interface SentMessage {
  message_id: string;
  payload: string;
  payload_hash: string;
  state: string;
  pull_request_url: string | null;
}

export interface OutboxMessage {
  subject_key: string;
  /** `outbox:<n>`, numbered in the order messages were first written. */
  message_id: string;
  /** The review stage the message shows. */
  stage: string;
  pull_request_url: string | null;
  /** The execute-webhook payload, exactly as Discord would have received it. */
  payload: DiscordWebhookPayload;
  /** The payload as plain lines, for printing. */
  text: string;
  updated_at: string;
}

const COLUMNS =
  'subject_key, channel, message_id, pull_request_url, state, payload, payload_hash, disabled_reason, updated_ms';

/** The next free `outbox:<n>`, computed inside the statement that uses it (D1 runs statements one at a time). */
const NEXT_OUTBOX_ID = `'outbox:' || (SELECT COALESCE(MAX(CAST(substr(message_id, 8) AS INTEGER)), 0) + 1
  FROM notification_messages WHERE channel = 'outbox' AND message_id LIKE 'outbox:%')`;

export class NotificationMessageStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  async get(subjectKey: string): Promise<NotificationMessageRow | null> {
    return this.#db
      .prepare(`SELECT ${COLUMNS} FROM notification_messages WHERE subject_key = ?1`)
      .bind(subjectKey)
      .first<NotificationMessageRow>();
  }

  /**
   * Claims the subject for a first send on `channel`. True when this caller created the row and so
   * owns the send; false when a row already exists (another notice got there first).
   */
  async claim(
    subjectKey: string,
    channel: NotificationChannel,
    pullRequestUrl: string | null,
    nowMs: number,
  ): Promise<boolean> {
    const result = await this.#db
      .prepare(
        `INSERT INTO notification_messages (subject_key, channel, message_id, pull_request_url, state, updated_ms)
         VALUES (?1, ?2, NULL, ?3, '${CLAIMED_STATE}', ?4)
         ON CONFLICT (subject_key) DO NOTHING`,
      )
      .bind(subjectKey, channel, pullRequestUrl, nowMs)
      .run();
    return result.meta.changes === 1;
  }

  /**
   * Takes over a row this caller cannot edit (another channel, a stale or released claim, a message
   * that no longer exists, a webhook that was replaced) for a new first send on `channel`. Succeeds
   * only if the row is still exactly as `seen`, so of two takers one wins.
   */
  async reclaim(seen: NotificationMessageRow, channel: NotificationChannel, nowMs: number): Promise<boolean> {
    const result = await this.#db
      .prepare(
        `UPDATE notification_messages
            SET channel = ?2, message_id = NULL, state = '${CLAIMED_STATE}', payload = NULL, payload_hash = NULL,
                disabled_reason = NULL, updated_ms = ?3
          WHERE subject_key = ?1 AND channel = ?4 AND message_id IS ?5 AND state = ?6 AND updated_ms = ?7
            AND disabled_reason IS ?8`,
      )
      .bind(
        seen.subject_key,
        channel,
        Math.max(nowMs, seen.updated_ms + 1),
        seen.channel,
        seen.message_id,
        seen.state,
        seen.updated_ms,
        seen.disabled_reason,
      )
      .run();
    return result.meta.changes === 1;
  }

  /** Gives up a claim after a failed first send, so the next notice creates the message without waiting. */
  async release(subjectKey: string, nowMs: number): Promise<void> {
    await this.#db
      .prepare(
        `UPDATE notification_messages SET state = '${RELEASED_STATE}', updated_ms = ?2
          WHERE subject_key = ?1 AND message_id IS NULL AND state = '${CLAIMED_STATE}'`,
      )
      .bind(subjectKey, nowMs)
      .run();
  }

  /** Records what the message shows after a create or an edit. */
  async recordSent(subjectKey: string, sent: SentMessage, nowMs: number): Promise<void> {
    await this.#db
      .prepare(
        `UPDATE notification_messages
            SET message_id = ?2, payload = ?3, payload_hash = ?4, state = ?5,
                pull_request_url = COALESCE(?6, pull_request_url), disabled_reason = NULL, updated_ms = ?7
          WHERE subject_key = ?1`,
      )
      .bind(subjectKey, sent.message_id, sent.payload, sent.payload_hash, sent.state, sent.pull_request_url, nowMs)
      .run();
  }

  /**
   * Marks the subject's channel gone (`reason`, e.g. `unknown_webhook:<webhook id>`), creating the
   * row if needed. A claimed first send is released at the same time.
   */
  async markDisabled(subjectKey: string, channel: NotificationChannel, reason: string, nowMs: number): Promise<void> {
    await this.#db
      .prepare(
        `INSERT INTO notification_messages (subject_key, channel, message_id, pull_request_url, state, disabled_reason, updated_ms)
         VALUES (?1, ?2, NULL, NULL, '${RELEASED_STATE}', ?3, ?4)
         ON CONFLICT (subject_key) DO UPDATE SET
           disabled_reason = excluded.disabled_reason,
           state = CASE WHEN notification_messages.state = '${CLAIMED_STATE}' THEN '${RELEASED_STATE}'
                        ELSE notification_messages.state END,
           updated_ms = MAX(excluded.updated_ms, notification_messages.updated_ms + 1)`,
      )
      .bind(subjectKey, channel, reason, nowMs)
      .run();
  }

  /** Whether any subject found this channel gone for `reason` (the webhook is gone for all of them). */
  async isDisabled(reason: string): Promise<boolean> {
    const row = await this.#db
      .prepare('SELECT 1 AS hit FROM notification_messages WHERE disabled_reason = ?1 LIMIT 1')
      .bind(reason)
      .first<{ hit: number }>();
    return row !== null;
  }

  /**
   * Writes the outbox message for a subject that has no row yet, numbering it `outbox:<n>`. Null
   * when a row already exists (another notice got there first).
   */
  async createOutboxMessage(
    subjectKey: string,
    sent: Omit<SentMessage, 'message_id'>,
    nowMs: number,
  ): Promise<string | null> {
    const row = await this.#db
      .prepare(
        `INSERT INTO notification_messages (${COLUMNS})
         SELECT ?1, 'outbox', ${NEXT_OUTBOX_ID}, ?2, ?3, ?4, ?5, NULL, ?6 WHERE true
         ON CONFLICT (subject_key) DO NOTHING
         RETURNING message_id`,
      )
      .bind(subjectKey, sent.pull_request_url, sent.state, sent.payload, sent.payload_hash, nowMs)
      .first<{ message_id: string }>();
    return row?.message_id ?? null;
  }

  /** Moves a row another channel held to the outbox with a new `outbox:<n>`, if it is still as `seen`. */
  async takeOverForOutbox(
    seen: NotificationMessageRow,
    sent: Omit<SentMessage, 'message_id'>,
    nowMs: number,
  ): Promise<string | null> {
    const row = await this.#db
      .prepare(
        `UPDATE notification_messages
            SET channel = 'outbox', message_id = ${NEXT_OUTBOX_ID}, payload = ?2, payload_hash = ?3, state = ?4,
                pull_request_url = COALESCE(?5, pull_request_url), disabled_reason = NULL, updated_ms = ?6
          WHERE subject_key = ?1 AND channel = ?7 AND message_id IS ?8 AND state = ?9 AND updated_ms = ?10
          RETURNING message_id`,
      )
      .bind(
        seen.subject_key,
        sent.payload,
        sent.payload_hash,
        sent.state,
        sent.pull_request_url,
        Math.max(nowMs, seen.updated_ms + 1),
        seen.channel,
        seen.message_id,
        seen.state,
        seen.updated_ms,
      )
      .first<{ message_id: string }>();
    return row?.message_id ?? null;
  }
}

/** The outbox's current messages, oldest first: what `npm start` and the CLI print when Discord is not configured. */
export async function listOutbox(db: D1Database): Promise<OutboxMessage[]> {
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM notification_messages
        WHERE channel = 'outbox' AND message_id IS NOT NULL AND payload IS NOT NULL
        ORDER BY CAST(substr(message_id, 8) AS INTEGER), subject_key`,
    )
    .all<NotificationMessageRow>();
  return results.map((row) => {
    const payload = JSON.parse(row.payload ?? '{}') as DiscordWebhookPayload;
    return {
      subject_key: row.subject_key,
      message_id: row.message_id ?? '',
      stage: row.state,
      pull_request_url: row.pull_request_url,
      payload,
      text: payloadText(payload),
      updated_at: new Date(row.updated_ms).toISOString(),
    };
  });
}
