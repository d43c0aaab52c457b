import { StreamlogError } from '../../../core/errors.ts';
import type { ReviewMessageOptions } from '../../../core/notify/review-message.ts';
import { NotificationMessageStore } from '../../../store/notifications/notification-messages.ts';
import type { Clock } from '../ports.ts';
import type { Notifier, NotifyResult, ReviewNotice } from './ports.ts';
import { buildReviewPayload } from './review-payload.ts';

export interface OutboxNotifierOptions {
  db: D1Database;
  clock: Clock;
  message: ReviewMessageOptions;
}

/** Row reads per notice before giving up on a subject another writer keeps changing. */
const MAX_ROUNDS = 20;

/**
 * The embedded default when `DISCORD_WEBHOOK_URL` is unset: the same payload the Discord notifier
 * would send, kept in D1 (`notification_messages`, channel `outbox`, message id `outbox:<n>`) with
 * the same create / edit / unchanged semantics. `listOutbox(db)` (store/notifications) reads the
 * current messages for the CLI and `npm start` to print.
 */
export class OutboxNotifier implements Notifier {
  readonly kind = 'outbox' as const;
  readonly #options: OutboxNotifierOptions;
  readonly #store: NotificationMessageStore;

  constructor(options: OutboxNotifierOptions) {
    this.#options = options;
    this.#store = new NotificationMessageStore(options.db);
  }

  async notify(notice: ReviewNotice): Promise<NotifyResult> {
    const built = await buildReviewPayload(notice, this.#options.message, 'outbox');
    const key = notice.subject_key;
    const sent = {
      payload: built.body,
      payload_hash: built.hash,
      state: notice.stage,
      pull_request_url: notice.pull_request.url,
    };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const row = await this.#store.get(key);
      if (row === null) {
        const id = await this.#store.createOutboxMessage(key, sent, this.#now());
        if (id !== null) return { outcome: 'created', channel: 'outbox', message_id: id };
        continue;
      }
      if (row.channel !== 'outbox' || row.message_id === null) {
        // The subject was on Discord before DISCORD_WEBHOOK_URL was removed: the outbox takes it over.
        const id = await this.#store.takeOverForOutbox(row, sent, this.#now());
        if (id !== null) return { outcome: 'created', channel: 'outbox', message_id: id };
        continue;
      }
      if (row.payload_hash === built.hash)
        return { outcome: 'unchanged', channel: 'outbox', message_id: row.message_id };
      await this.#store.recordSent(key, { ...sent, message_id: row.message_id }, this.#now());
      return { outcome: 'edited', channel: 'outbox', message_id: row.message_id };
    }
    throw new StreamlogError('concurrent_update', 'the outbox message kept changing under this notifier', {
      subject_key: key,
    });
  }

  #now(): number {
    return this.#options.clock.now().getTime();
  }
}
