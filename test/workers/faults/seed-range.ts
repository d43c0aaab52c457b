/** Seeds the bounded form runs in CI (`npm test`); each covers a fault kind (`seed % 8`) and a queue fault (`seed % 4`). */
export const BOUNDED_SEEDS = 20;

/**
 * Seeds every form runs besides its range (docs/faults.md, "What it found"): 139 found the
 * duplicate-process_item race; 66 and 90 run the day's `ingest_day` out of retries, finished by the
 * re-run; 78 is a Discord message created then answered 502, which the bounded range lacks.
 */
export const REGRESSION_SEEDS: readonly number[] = [66, 78, 90, 139];

/**
 * The seeds one of the suite's files runs. The suite is split over `parts` files so workerd runs
 * them side by side (most of a seed's time is spent waiting out timeouts and backoffs); each file
 * gets a contiguous slice of `FAULT_SEEDS` seeds from `FAULT_SEED_FROM` (default 1; unset: the
 * bounded 20), so any slice of eight or more covers every fault kind, and its share of the
 * regression seeds. Both values come from the shell through the workers project's bindings
 * (vitest.config.ts); empty means unset.
 */
export function seedsOfPart(
  count: string | undefined,
  from: string | undefined,
  part: number,
  parts: number,
): number[] {
  const n = whole('FAULT_SEEDS', count) ?? BOUNDED_SEEDS;
  const first = whole('FAULT_SEED_FROM', from) ?? 1;
  const size = Math.ceil(n / parts);
  const start = first + (part - 1) * size;
  const seeds = Array.from({ length: Math.max(0, Math.min(size, first + n - start)) }, (_, i) => start + i);
  const regressions = REGRESSION_SEEDS.filter((_, i) => i % parts === part - 1);
  return [...seeds, ...regressions.filter((seed) => !seeds.includes(seed))];
}

function whole(name: string, value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return parsed;
}
