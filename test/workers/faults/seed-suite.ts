import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { captureConsole } from './captured-console.ts';
import { faultPlan } from './fault-plan.ts';
import { runSeed, type SeedOutcome } from './run-seed.ts';
import { seedsOfPart } from './seed-range.ts';

/**
 * One file's share of the fault-injection seeds (docs/faults.md): for each seed, one sample day runs
 * through the Worker's own jobs and queue dispatcher against the local Twitch, Workers AI, GitHub
 * and Discord, with the seed's faults on every service and on the queue; every invariant is
 * asserted, and a re-run without faults must change nothing. Then the faults are shown to have
 * happened.
 */
export function describeSeeds(part: number, parts: number): void {
  const seeds = seedsOfPart(env.FAULT_SEEDS, env.FAULT_SEED_FROM, part, parts);
  const outcomes: SeedOutcome[] = [];

  describe(`a sample day under injected faults keeps every invariant (seeds ${seeds.join(', ')})`, () => {
    for (const seed of seeds) {
      it(`seed ${seed}`, async () => {
        const log = captureConsole();
        try {
          outcomes.push(await runSeed(faultPlan(seed)));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`${message}\n\nlast log lines:\n${log.tail(40)}`);
        } finally {
          log.restore();
        }
      }, 120_000);
    }

    it('the faults happened: every kind planned hit a call; the queue duplicated, stopped and ran batches at once', () => {
      expect(outcomes).toHaveLength(seeds.length);
      const planned = outcomes.flatMap((outcome) => outcome.plan.http);
      const fired = outcomes.flatMap((outcome) => outcome.fired);
      const count = (pick: (outcome: SeedOutcome) => number) => outcomes.reduce((n, outcome) => n + pick(outcome), 0);
      const kinds = [...new Set(planned.map((fault) => fault.kind))].sort();
      const stats = {
        seeds: outcomes.length,
        planned: planned.length,
        fired: fired.length,
        byKind: Object.fromEntries(kinds.map((kind) => [kind, fired.filter((fault) => fault.kind === kind).length])),
        deliveries: count((o) => o.queue.deliveries),
        retried: count((o) => o.queue.retried),
        duplicated: count((o) => o.queue.duplicated),
        stoppedBatches: count((o) => o.queue.stoppedBatches),
        concurrentBatches: count((o) => o.queue.concurrentBatches),
        deadLettered: count((o) => o.queue.deadLettered.length),
        secondRerun: outcomes.filter((outcome) => outcome.reruns === 2).length,
        finishedByRerun: outcomes.filter((outcome) => !outcome.complete).length,
        // Messages Discord created while answering 502: the copies a webhook cannot avoid (docs/faults.md).
        discordCopies: count((o) => o.faulted.discord.filter((message) => message.unconfirmed_create).length),
      };
      console.info('fault-injection run', stats);
      for (const kind of kinds) expect(stats.byKind[kind], kind).toBeGreaterThan(0);
      expect(stats.fired).toBeGreaterThan(stats.planned / 2);
      const plannedDiscordCopy = planned.some((f) => f.service === 'discord' && f.kind === 'after_write_502');
      expect(stats.discordCopies > 0).toBe(plannedDiscordCopy);
      if (seeds.length < 8) return;
      expect(stats.duplicated).toBeGreaterThan(0);
      expect(stats.stoppedBatches).toBeGreaterThan(0);
      expect(stats.concurrentBatches).toBeGreaterThan(0);
    });
  });
}
