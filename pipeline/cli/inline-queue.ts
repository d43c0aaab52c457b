import type { QueueMessage } from '../../core/schemas/queue-message.ts';
import type { WorkQueue } from '../src/ports.ts';

/**
 * The CLI's queue: messages wait in memory and the CLI runs them itself, in order, through the
 * same job functions the Worker's queue consumer calls. Nothing is left behind when the run ends.
 */
export class InlineQueue implements WorkQueue {
  readonly #pending: QueueMessage[] = [];
  /** Every message ever sent, for the summary and for tests. */
  readonly sent: QueueMessage[] = [];

  async send(message: QueueMessage): Promise<void> {
    this.#pending.push(message);
    this.sent.push(message);
  }

  take(): QueueMessage | undefined {
    return this.#pending.shift();
  }
}
