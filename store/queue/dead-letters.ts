import type { ErrorCodeName } from '../../core/errors.ts';
import type { Clock } from '../../core/time/clock.ts';
import { systemClock } from '../system-clock.ts';

/** What the dispatcher keeps of a queue message that cannot succeed. */
export interface DeadMessage {
  id: string;
  body: unknown;
  attempts: number;
}

/** Messages that cannot succeed, kept in D1 once per queue and message id, for inspection and replay. */
export class DeadLetterStore {
  readonly #db: D1Database;
  readonly #clock: Clock;

  constructor(db: D1Database, options: { clock?: Clock } = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
  }

  /** Records the message and why it is dead (a code of the error table); recording it again changes nothing. */
  async record(queue: string, message: DeadMessage, reason: ErrorCodeName): Promise<void> {
    await this.#db
      .prepare(
        `INSERT INTO dead_letters (queue, message_id, body, attempts, received_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (queue, message_id) DO NOTHING`,
      )
      .bind(
        queue,
        message.id,
        JSON.stringify({ reason, body: message.body }),
        message.attempts,
        this.#clock.now().getTime(),
      )
      .run();
  }
}
