import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const RESULTS = new URL('../RESULTS.md', import.meta.url);
const HEADER = `# Benchmark results

Each section is written by one script under \`bench/\` (named in its heading) and replaced when
that script runs again. Ratios are measured side by side in the same run.
`;

/** The machine and date a result was measured on, for the section's first line. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`;
}

/** Replaces (or appends, or with `first` puts under the header) the section `name` of bench/RESULTS.md, leaving the other sections alone. */
export function writeResultsSection(name: string, title: string, body: string, { first = false } = {}): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n## ${title}\n\n${machineLine()}\n\n${body.trim()}\n${end}`;
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : HEADER;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  let next: string;
  if (pattern.test(current)) next = current.replace(pattern, section);
  else if (first && current.startsWith(HEADER)) next = `${HEADER}\n${section}\n${current.slice(HEADER.length)}`;
  else next = `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, next);
}

/** The p-th percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** One bar of DESIGN §8 as a script judged it, for `npm run bench`'s table. */
export interface Verdict {
  figure: string;
  measured: string;
  bar: string;
  pass: boolean;
}

/**
 * Hands the bars this script judged to `npm run bench` (bench/all.ts), which names a file in
 * STREAMLOG_BENCH_VERDICTS for each script it runs. A script run alone writes nothing extra.
 */
export function reportVerdicts(verdicts: Verdict[]): void {
  const path = process.env.STREAMLOG_BENCH_VERDICTS;
  if (path) writeFileSync(path, JSON.stringify(verdicts, null, 2));
}

/** The `| figure | measured | bar | verdict |` table of a script's bars. */
export function verdictTable(verdicts: Verdict[]): string {
  return [
    '| figure | measured | bar | verdict |',
    '| --- | --- | --- | --- |',
    ...verdicts.map((v) => `| ${v.figure} | ${v.measured} | ${v.bar} | ${v.pass ? 'pass' : 'FAIL'} |`),
  ].join('\n');
}
