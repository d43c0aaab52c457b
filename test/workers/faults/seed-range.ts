/** Seeds the bounded form runs in CI (`npm test`); each covers a fault kind (`seed % 8`) and a queue fault (`seed % 3`). */
export const BOUNDED_SEEDS = 20;

/**
 * Seeds that once found a bug, run on every form so the fix stays fixed (docs/faults.md, "What it
 * found"). Each is also inside the bounded range or named here because it is not.
 */
export const REGRESSION_SEEDS: readonly number[] = [66, 90, 139];

/**
 * The seeds to run: `FAULT_SEEDS` seeds from `FAULT_SEED_FROM` (default 1), or the bounded 20, plus
 * the regression seeds. Both come from the shell through the workers project's bindings
 * (vitest.config.ts); empty means unset.
 */
export function seedRange(count: string | undefined, from: string | undefined): number[] {
  const n = whole('FAULT_SEEDS', count) ?? BOUNDED_SEEDS;
  const first = whole('FAULT_SEED_FROM', from) ?? 1;
  const seeds = Array.from({ length: n }, (_, i) => first + i);
  return [...seeds, ...REGRESSION_SEEDS.filter((seed) => !seeds.includes(seed))];
}

function whole(name: string, value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return parsed;
}
