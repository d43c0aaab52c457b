/**
 * `npm run bench:faults`: the fault-injection suite's long form (docs/faults.md) for DESIGN §8
 * "lost or duplicated items / PRs / Discord messages under injected faults: 0". Runs
 * test/workers/faults in workerd with `FAULT_SEEDS` seeds (default 100; `npm test` runs 20), reads
 * vitest's JSON report and turns it into one verdict: every seed's invariants held, or which did not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportVerdicts, verdictTable, writeResultsSection } from './lib/results.ts';

const root = join(import.meta.dirname, '..');
const seeds = process.env.FAULT_SEEDS ?? '100';
if (!/^[1-9]\d{0,4}$/.test(seeds)) {
  console.error(`bench:faults: FAULT_SEEDS must be a whole number from 1, got "${seeds}"`);
  process.exit(2);
}

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
}

const work = mkdtempSync(join(tmpdir(), 'streamlog-bench-faults-'));
const reportFile = join(work, 'report.json');
const started = performance.now();
try {
  process.stderr.write(`bench:faults: ${seeds} seeds …\n`);
  const run = spawnSync(
    join(root, 'node_modules/.bin/vitest'),
    ['run', '--project', 'workers', 'test/workers/faults/', '--reporter=json', `--outputFile=${reportFile}`],
    { cwd: root, env: { ...process.env, FAULT_SEEDS: seeds }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const ms = performance.now() - started;
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
  const failed = report.testResults.flatMap((file) =>
    file.assertionResults.filter((test) => test.status === 'failed').map((test) => test.fullName),
  );
  const held = run.status === 0 && failed.length === 0 && report.numPassedTests > 0;
  const verdicts = [
    {
      figure: `lost or duplicated items / PRs / commits / Discord messages under injected faults, ${seeds} seeds`,
      measured: held ? '0' : `${failed.length} failing test(s)`,
      bar: '0',
      pass: held,
    },
  ];
  reportVerdicts(verdicts);
  const table = verdictTable(verdicts);
  writeResultsSection(
    'faults',
    'Fault injection, long form (`npm run bench:faults`, bench/faults.ts)',
    `${table}

\`FAULT_SEEDS=${seeds}\`: test/workers/faults in workerd against the local Twitch, GitHub, Workers AI and Discord servers, each seed injecting its own faults (docs/faults.md); ${report.numPassedTests} tests passed, ${report.numFailedTests} failed, in ${(ms / 1000).toFixed(0)} s.${failed.length > 0 ? `\n\nFailing: ${failed.map((name) => `\`${name}\``).join(', ')}.` : ''}`,
  );
  console.log(table);
  if (!held) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
