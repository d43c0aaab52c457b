import manifest from '../../fixtures/manifest.json';
import { NO_QUEUE_FAULTS, QueueDriver, type QueueReport } from './day-driver.ts';
import { type DaySnapshot, retryableFailure, snapshotDay } from './day-snapshot.ts';
import { describePlan, type FaultPlan, type HttpFault } from './fault-plan.ts';
import { firedFaults, installFaults } from './fault-scripts.ts';
import { FaultWorld } from './fault-world.ts';
import {
  assertInvariants,
  type DayExpectation,
  dayInvariants,
  nothingLostSince,
  rerunChangedNothing,
} from './invariants.ts';

/** Deliveries before a day counts as stuck: a clean day takes about ten, a faulted one a few dozen. */
const MAX_DELIVERIES = 400;

export interface SeedOutcome {
  plan: FaultPlan;
  /** The plan's HTTP faults that hit a call (the others' calls never came). */
  fired: HttpFault[];
  queue: QueueReport;
  faulted: DaySnapshot;
  /** The last re-run's snapshot. */
  rerun: DaySnapshot;
  /** Re-runs it took to settle: 1, or 2 when the faulted run left work for a re-run to finish. */
  reruns: number;
  /** False when the day's own message ran out of retries, so the first re-run finished the day. */
  complete: boolean;
}

export interface SeedOptions {
  /** Breaks something after the faulted run, before the checks: how a test shows the suite fails. */
  sabotage?: (world: FaultWorld, faulted: DaySnapshot) => Promise<void>;
}

/** The fixture world's items of a stream day: `twitch-<clip_id>` for each clip the manifest puts on it. */
export function expectedItems(day: string): DayExpectation {
  return {
    itemIds: manifest.clips
      .filter((clip) => clip.local_stream_day_America_Mexico_City === day)
      .map((clip) => `twitch-${clip.clip_id}`)
      .sort(),
  };
}

/**
 * One seed: the plan's day through the Worker's own jobs and dispatcher, with the plan's faults on
 * every fake and on the queue, until the queue is empty; every invariant checked; then the whole day
 * again without faults, checked again, and shown to change nothing. Throws, naming the seed, its
 * plan and each broken invariant, on the first check that fails.
 */
export async function runSeed(plan: FaultPlan, options: SeedOptions = {}): Promise<SeedOutcome> {
  const world = new FaultWorld(`faults-${plan.seed}`);
  const expected = expectedItems(plan.day);
  const context = describePlan(plan);
  try {
    await world.reset();
    await installFaults(world, plan);
    const driver = new QueueDriver((send) => world.env(send), plan.queue, plan.queueSeed);
    const queue = await runDay(driver, plan.day, context);
    const fired = await firedFaults(world, plan);
    let faulted = await snapshotDay(world, plan.day);
    if (options.sabotage) {
      await options.sabotage(world, faulted);
      faulted = await snapshotDay(world, plan.day);
    }
    // The day's own work ran out of retries (by design, after max_retries): the next run of the day
    // (the hourly sweep, or replaying the dead letter) must finish it; the re-runs below are that run.
    const complete = !queue.deadLettered.some((message) => message.type !== 'process_item');
    assertInvariants(
      `${context}\nafter the faulted run (${summary(queue)}):`,
      dayInvariants(faulted, expected, complete),
    );

    await world.clearFaults();
    const first = await rerunDay(world, plan, expected, 1, faulted);
    let rerun = first;
    let reruns = 1;
    const changed = rerunChangedNothing(faulted, first);
    if (changed.length > 0 && (!complete || faulted.items.some(retryableFailure))) {
      // The faulted run left work for the next run (an item failed with a retryable code, or the
      // day's own message dead-lettered): the first re-run finishes it and may change the post; the
      // second must change nothing.
      rerun = await rerunDay(world, plan, expected, 2, first);
      reruns = 2;
      assertInvariants(`${context}\nre-run 2 without faults:`, {
        rerunChangedNothing: rerunChangedNothing(first, rerun),
      });
    } else {
      assertInvariants(`${context}\nre-run 1 without faults:`, { rerunChangedNothing: changed });
    }
    await world.assertNoUnexpected();
    return { plan, fired, queue, faulted, rerun, reruns, complete };
  } finally {
    await world.close();
  }
}

/** The whole day again without faults (a clean queue too), checked like the faulted run and against it. */
async function rerunDay(
  world: FaultWorld,
  plan: FaultPlan,
  expected: DayExpectation,
  n: number,
  previous: DaySnapshot,
): Promise<DaySnapshot> {
  const context = `${describePlan(plan)}\nafter re-run ${n} without faults:`;
  await runDay(new QueueDriver((send) => world.env(send), NO_QUEUE_FAULTS, 0), plan.day, context);
  const snapshot = await snapshotDay(world, plan.day);
  assertInvariants(context, {
    ...dayInvariants(snapshot, expected),
    nothingLostSince: nothingLostSince(previous, snapshot),
  });
  return snapshot;
}

/** The cron's `ingest_day` for the day, then every message it leads to, until the queue is empty. */
export async function runDay(driver: QueueDriver, day: string, context: string): Promise<QueueReport> {
  driver.send({ type: 'ingest_day', date: day, trigger: 'cron', force: false, enqueued_at: new Date().toISOString() });
  try {
    return await driver.drain(MAX_DELIVERIES);
  } catch (error) {
    throw new Error(`${context}\n${String(error)}`);
  }
}

function summary(queue: QueueReport): string {
  return `${queue.deliveries} deliveries in ${queue.batches} batches, ${queue.retried} retried, ${queue.duplicated} duplicated, ${queue.stoppedBatches} stopped, ${queue.deadLettered.length} dead-lettered`;
}
