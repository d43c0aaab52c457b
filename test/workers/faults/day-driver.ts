import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { queueDeps } from '../../../pipeline/src/deps.ts';
import { DEAD_LETTER_QUEUE, dispatchBatch } from '../../../pipeline/src/queue/dispatch.ts';
import { mulberry32 } from '../../lib/mulberry32.ts';
import type { QueueFaults } from './fault-plan.ts';

/** pipeline/wrangler.toml `[[queues.consumers]]` for `streamlog-pipeline`. */
export const QUEUE = 'streamlog-pipeline';
const MAX_BATCH_SIZE = 10;
const MAX_RETRIES = 5;

export const NO_QUEUE_FAULTS: QueueFaults = { duplicate: 0, reorder: 0, stopMidBatch: 0, concurrent: 0 };

interface Delivery {
  id: string;
  body: QueueMessage;
  /** 1 on the first delivery, as Cloudflare Queues counts. */
  attempts: number;
}

/** What happened on the queue while a day ran, for the failure message and the invariants. */
export interface QueueReport {
  deliveries: number;
  batches: number;
  duplicated: number;
  stoppedBatches: number;
  /** Times two batches ran at once. */
  concurrentBatches: number;
  retried: number;
  /** Bodies the dispatcher sent to the dead-letter queue after `max_retries`. */
  deadLettered: QueueMessage[];
}

/**
 * Cloudflare Queues as the pipeline's consumer sees them, in one test: messages the jobs send wait
 * in a list; batches of up to `max_batch_size` go through the real dispatcher (`dispatchBatch`, as
 * pipeline/src/index.ts does), whose acks and retries are read back with `getQueueResult`; a retried
 * message comes back with `attempts + 1` (its backoff delay is not waited: the clock of the day is
 * compressed) and after `max_retries` goes to the dead-letter queue, through the dispatcher too. The
 * queue faults, drawn from `faultSeed`: a delivery repeated later (at-least-once), the waiting list
 * shuffled (no ordering guarantee), a Worker that stops part-way through a batch, whose whole batch
 * (the part already run included) is delivered again, and two batches run at once.
 */
export class QueueDriver {
  readonly #env: Env;
  readonly #faults: QueueFaults;
  readonly #random: () => number;
  readonly #waiting: Delivery[] = [];
  #nextId = 0;
  readonly #idPrefix = crypto.randomUUID().slice(0, 8);
  readonly report: QueueReport = {
    deliveries: 0,
    batches: 0,
    duplicated: 0,
    stoppedBatches: 0,
    concurrentBatches: 0,
    retried: 0,
    deadLettered: [],
  };

  /** `makeEnv` receives the `send` the env's `PIPELINE_QUEUE` must call. */
  constructor(makeEnv: (send: (message: QueueMessage) => void) => Env, faults: QueueFaults, faultSeed: number) {
    this.#env = makeEnv((message) => this.send(message));
    this.#faults = faults;
    this.#random = mulberry32(faultSeed);
  }

  get env(): Env {
    return this.#env;
  }

  /** What a producer does: the message waits for a batch. */
  send(body: QueueMessage): void {
    this.#nextId += 1;
    // Unique across drivers, as Cloudflare's ids are: dead letters are kept once per message id.
    this.#waiting.push({ id: `${this.#idPrefix}-${this.#nextId}`, body, attempts: 1 });
  }

  /** Delivers batches until nothing waits; more than `maxDeliveries` deliveries is a failure. */
  async drain(maxDeliveries: number): Promise<QueueReport> {
    while (this.#waiting.length > 0) {
      if (this.report.deliveries > maxDeliveries) {
        const left = this.#waiting.map((d) => `${d.body.type}(attempt ${d.attempts})`).join(', ');
        throw new Error(`the queue did not drain within ${maxDeliveries} deliveries; still waiting: ${left}`);
      }
      if (this.#waiting.length > 1 && this.#random() < this.#faults.reorder) shuffle(this.#waiting, this.#random);
      const batch = this.#takeBatch();
      if (this.#random() < this.#faults.concurrent) {
        // A second invocation takes what is left (a duplicate of the first's message included), or
        // half of this batch; both run at once. Every random choice is drawn before the first await,
        // so a seed still replays the same way.
        let other = this.#takeBatch();
        if (other.length === 0 && batch.length > 1) other = batch.splice(Math.ceil(batch.length / 2));
        if (other.length > 0) {
          this.report.concurrentBatches += 1;
          await Promise.all([this.#deliver(batch), this.#deliver(other)]);
          continue;
        }
      }
      await this.#deliver(batch);
    }
    return this.report;
  }

  /** The next batch: no message id twice in one batch (a duplicate waits for a later one). */
  #takeBatch(): Delivery[] {
    const batch: Delivery[] = [];
    for (let i = 0; i < this.#waiting.length && batch.length < MAX_BATCH_SIZE; ) {
      const next = this.#waiting[i] as Delivery;
      if (batch.some((d) => d.id === next.id)) {
        i += 1;
        continue;
      }
      batch.push(next);
      this.#waiting.splice(i, 1);
    }
    return batch;
  }

  async #deliver(batch: Delivery[]): Promise<void> {
    this.report.batches += 1;
    this.report.deliveries += batch.length;
    for (const delivery of batch) {
      if (this.#random() < this.#faults.duplicate) {
        this.report.duplicated += 1;
        this.#waiting.push({ ...delivery });
      }
    }
    if (this.#random() < this.#faults.stopMidBatch) {
      // The Worker runs the first `ran` messages, then stops: nothing is reported back, so
      // Cloudflare delivers the whole batch again, the messages already run included.
      const ran = Math.floor(this.#random() * batch.length);
      if (ran > 0) await this.#dispatch(QUEUE, batch.slice(0, ran));
      this.report.stoppedBatches += 1;
      for (const delivery of batch) this.#waiting.push({ ...delivery, attempts: delivery.attempts + 1 });
      return;
    }
    const result = await this.#dispatch(QUEUE, batch);
    const retried = new Set(result.retryMessages.map((m) => m.msgId));
    if (result.retryBatch.retry) for (const delivery of batch) retried.add(delivery.id);
    for (const delivery of batch) {
      if (!retried.has(delivery.id)) continue;
      this.report.retried += 1;
      if (delivery.attempts > MAX_RETRIES) {
        this.report.deadLettered.push(delivery.body);
        await this.#dispatch(DEAD_LETTER_QUEUE, [delivery]);
      } else {
        this.#waiting.push({ ...delivery, attempts: delivery.attempts + 1 });
      }
    }
  }

  async #dispatch(queue: string, deliveries: Delivery[]) {
    const batch = createMessageBatch<unknown>(
      queue,
      deliveries.map((d) => ({ id: d.id, timestamp: new Date(), attempts: d.attempts, body: d.body })),
    );
    const ctx = createExecutionContext();
    await dispatchBatch(batch, queueDeps(this.#env));
    return getQueueResult(batch, ctx);
  }
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
}
