import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, FAULT_TARGETS, faultPlan, QUEUE_FAULTS } from './fault-plan.ts';
import { BOUNDED_SEEDS } from './seed-range.ts';

describe('the seeded fault plan', () => {
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

  it('any eight consecutive seeds force every fault kind', () => {
    for (const first of [1, 11, 137]) {
      const forced = new Set(Array.from({ length: 8 }, (_, i) => faultPlan(first + i).http[0]?.kind));
      expect([...forced].sort()).toEqual([...FAULT_KINDS].sort());
    }
  });

  it('a seed always gives the same plan', () => {
    expect(faultPlan(7)).toEqual(faultPlan(7));
    expect(faultPlan(7)).not.toEqual(faultPlan(8));
  });
});
