/**
 * How many cases a property test runs. CI runs the bounded number each test names; `FC_RUNS=<n>`
 * runs every property `n` times instead (the long form, docs/hostile-input.md). Pure, so both
 * Node tests (`process.env.FC_RUNS`) and workerd tests (the `FC_RUNS` binding) pass the value in.
 */
export function propertyRuns(bounded: number, override: string | undefined): number {
  if (override === undefined || override.trim() === '') return bounded;
  const runs = Number(override);
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(`FC_RUNS must be a positive whole number, got ${JSON.stringify(override)}`);
  }
  return runs;
}

/** A test timeout that grows with the number of runs: the bounded form keeps a minute of slack on a slow machine. */
export function propertyTimeout(runs: number, msPerRun = 100): number {
  return Math.max(60_000, runs * msPerRun);
}
