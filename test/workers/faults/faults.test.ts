import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { captureConsole } from './captured-console.ts';
import { FAULT_KINDS, FAULT_TARGETS, faultPlan, QUEUE_FAULTS } from './fault-plan.ts';
import { runSeed, type SeedOutcome } from './run-seed.ts';
import { BOUNDED_SEEDS, seedRange } from './seed-range.ts';

/**
 * The fault-injection suite (docs/faults.md): for each seed, one sample day runs through the Worker's
 * own jobs and queue dispatcher against the local Twitch, Workers AI, GitHub and Discord, with the
 * seed's faults on every service and on the queue; then every invariant is asserted, and a re-run
 * without faults must change nothing. `FAULT_SEEDS=200 npm run test:faults` is the long form.
 */
const seeds = seedRange(env.FAULT_SEEDS, env.FAULT_SEED_FROM);

describe('the bounded plan covers every fault', () => {
  it(`the first ${BOUNDED_SEEDS} seeds inject every fault kind, on every service, and every queue fault`, () => {
    const plans = Array.from({ length: BOUNDED_SEEDS }, (_, i) => faultPlan(i + 1));
    const kinds = new Set(plans.flatMap((plan) => plan.http.map((fault) => fault.kind)));
    const services = new Set(plans.flatMap((plan) => plan.http.map((fault) => fault.service)));
    expect([...kinds].sort()).toEqual([...FAULT_KINDS].sort());
    expect([...services].sort()).toEqual([...new Set(FAULT_TARGETS.map((target) => target.service))].sort());
    for (const queueFault of QUEUE_FAULTS) {
      const seeded = plans.filter((plan) => plan.queue[queueFault] > 0).length;
      expect(seeded, queueFault).toBeGreaterThanOrEqual(BOUNDED_SEEDS / QUEUE_FAULTS.length);
    }
    expect(new Set(plans.map((plan) => plan.day)).size).toBe(3);
  });

  it('a seed always gives the same plan', () => {
    expect(faultPlan(7)).toEqual(faultPlan(7));
    expect(faultPlan(7)).not.toEqual(faultPlan(8));
  });
});

describe('a sample day under injected faults keeps every invariant', () => {
  const outcomes: SeedOutcome[] = [];
  for (const seed of seeds) {
    it(`seed ${seed}`, async () => {
      const log = captureConsole();
      try {
        outcomes.push(await runSeed(faultPlan(seed)));
      } catch (error) {
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\n\nlast log lines:\n${log.tail(40)}`,
        );
      } finally {
        log.restore();
      }
    }, 120_000);
  }

  it('the faults really happened: every kind hit a call; the queue duplicated, stopped and ran batches at once', () => {
    expect(outcomes).toHaveLength(seeds.length);
    const fired = outcomes.flatMap((outcome) => outcome.fired);
    const stats = {
      seeds: outcomes.length,
      planned: outcomes.reduce((n, outcome) => n + outcome.plan.http.length, 0),
      fired: fired.length,
      byKind: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, fired.filter((f) => f.kind === kind).length])),
      deliveries: outcomes.reduce((n, outcome) => n + outcome.queue.deliveries, 0),
      retried: outcomes.reduce((n, outcome) => n + outcome.queue.retried, 0),
      duplicated: outcomes.reduce((n, outcome) => n + outcome.queue.duplicated, 0),
      stoppedBatches: outcomes.reduce((n, outcome) => n + outcome.queue.stoppedBatches, 0),
      concurrentBatches: outcomes.reduce((n, outcome) => n + outcome.queue.concurrentBatches, 0),
      deadLettered: outcomes.reduce((n, outcome) => n + outcome.queue.deadLettered.length, 0),
      secondRerun: outcomes.filter((outcome) => outcome.reruns === 2).length,
      finishedByRerun: outcomes.filter((outcome) => !outcome.complete).length,
    };
    console.info('fault-injection run', stats);
    if (seeds.length < BOUNDED_SEEDS) return;
    for (const kind of FAULT_KINDS) expect(stats.byKind[kind], kind).toBeGreaterThan(0);
    expect(stats.fired).toBeGreaterThan(stats.planned / 2);
    expect(stats.duplicated).toBeGreaterThan(0);
    expect(stats.stoppedBatches).toBeGreaterThan(0);
    expect(stats.concurrentBatches).toBeGreaterThan(0);
  });
});
