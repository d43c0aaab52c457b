/**
 * `npm run bench`: every bar of DESIGN §8, measured side by side in one run on this machine, then
 * one table of figure, bar and verdict on stdout and at the top of bench/RESULTS.md. Each piece is
 * its own script (runnable alone as `npm run bench:<name>`), run here one after another, so no two
 * compete for the two cores; each writes its own section of RESULTS.md and hands its verdicts back
 * through the file named in STREAMLOG_BENCH_VERDICTS. Loopback only, bounded in time: every piece
 * has a time limit, and the whole run takes about 15 minutes on 2 cores.
 *
 * Options: `--only api,pipeline` (a subset, by the names below).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLine, type Verdict, writeResultsSection } from './lib/results.ts';

const root = join(import.meta.dirname, '..');

interface Piece {
  name: string;
  /** What DESIGN §8 bars it measures. */
  what: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
  limitMs: number;
}

const PIECES: Piece[] = [
  {
    name: 'api',
    what: 'content API latency, lookups, async jobs, signature overhead',
    script: 'bench/content-api.ts',
    env: { BENCH_ROUNDS: '600' },
    limitMs: 6 * 60_000,
  },
  {
    name: 'replays',
    what: 'replays accepted under concurrent load',
    script: 'bench/replays.ts',
    limitMs: 3 * 60_000,
  },
  {
    name: 'pipeline',
    what: 'one whole day offline, 1× and 10×',
    script: 'bench/pipeline.ts',
    env: { BENCH_RUNS: '3' },
    limitMs: 5 * 60_000,
  },
  { name: 'github-writes', what: 'GitHub writes per PR', script: 'bench/github-writes.ts', limitMs: 2 * 60_000 },
  { name: 'matching', what: 'matching growth (no bar of its own)', script: 'bench/matching.ts', limitMs: 2 * 60_000 },
  {
    name: 'faults',
    what: 'lost or duplicated items, PRs, messages under injected faults',
    script: 'bench/faults.ts',
    limitMs: 6 * 60_000,
  },
  {
    name: 'build',
    what: 'astro build vs the plain blog, memory at 4,000 posts',
    script: 'bench/blog-build.ts',
    args: ['--rounds', '2'],
    limitMs: 8 * 60_000,
  },
  { name: 'start', what: '`npm start` on a fresh clone', script: 'bench/start.ts', limitMs: 6 * 60_000 },
];

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const only = values.only?.split(',').filter((name) => name !== '');
const unknown = only?.filter((name) => !PIECES.some((piece) => piece.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`bench: unknown piece ${unknown.join(', ')}; choose from ${PIECES.map((p) => p.name).join(', ')}`);
  process.exit(2);
}
const pieces = PIECES.filter((piece) => !only || only.includes(piece.name));

interface Outcome {
  piece: Piece;
  ms: number;
  status: 'ok' | 'failed' | 'timed out' | 'missing';
  verdicts: Verdict[];
  log: string;
}

const work = mkdtempSync(join(tmpdir(), 'streamlog-bench-'));
const logDir = join(root, '.wrangler', 'bench-logs');

function runPiece(piece: Piece): Promise<Outcome> {
  const log = join(logDir, `${piece.name}.log`);
  if (!existsSync(join(root, piece.script)))
    return Promise.resolve({ piece, ms: 0, status: 'missing', verdicts: [], log });
  const verdictFile = join(work, `${piece.name}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, piece.script), ...(piece.args ?? [])], {
    cwd: root,
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      WRANGLER_SEND_METRICS: 'false',
      ...piece.env,
      STREAMLOG_BENCH_VERDICTS: verdictFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const out = createWriteStream(log);
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, piece.limitMs);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      const status = timedOut ? 'timed out' : code === 0 ? 'ok' : 'failed';
      const verdicts = existsSync(verdictFile) ? (JSON.parse(readFileSync(verdictFile, 'utf8')) as Verdict[]) : [];
      out.end(() => resolve({ piece, ms, status, verdicts, log }));
    });
  });
}

const started = performance.now();
const outcomes: Outcome[] = [];
try {
  mkdirSync(logDir, { recursive: true });
  for (const piece of pieces) {
    process.stderr.write(`bench: ${piece.name} (${piece.what}) …`);
    const outcome = await runPiece(piece);
    outcomes.push(outcome);
    const passed = outcome.verdicts.filter((v) => v.pass).length;
    process.stderr.write(
      ` ${outcome.status}, ${(outcome.ms / 1000).toFixed(0)} s, ${passed}/${outcome.verdicts.length} bars pass\n`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const cell = (text: string) => text.replaceAll('|', '\\|');
const rows = outcomes.flatMap((outcome) => {
  if (outcome.status !== 'ok' && outcome.verdicts.length === 0)
    return [
      `| ${outcome.piece.name}: ${cell(outcome.piece.what)} | — | — | **${outcome.status.toUpperCase()}** (log: \`${outcome.log.slice(root.length + 1)}\`) |`,
    ];
  return outcome.verdicts.map(
    (v) => `| ${cell(v.figure)} | ${cell(v.measured)} | ${cell(v.bar)} | ${v.pass ? 'pass' : '**FAIL**'} |`,
  );
});
const failing = outcomes.flatMap((o) => o.verdicts.filter((v) => !v.pass)).length;
const broken = outcomes.filter((o) => o.status !== 'ok').length;
const table = ['| figure | measured | bar | verdict |', '| --- | --- | --- | --- |', ...rows].join('\n');
const timing = outcomes
  .map((o) => `${o.piece.name} ${(o.ms / 1000).toFixed(0)} s${o.status === 'ok' ? '' : ` (${o.status})`}`)
  .join(', ');
const total = (performance.now() - started) / 1000;
const body = `${table}

${rows.length - failing - broken} of ${rows.length} bars pass${failing > 0 ? `; ${failing} fail` : ''}${broken > 0 ? `; ${broken} piece(s) did not finish` : ''}. One run of every piece, one after another on this machine (${timing}; ${(total / 60).toFixed(1)} min in all). The sections below hold each piece's details; \`npm run bench:<piece>\` reruns one alone.`;
if (!only) writeResultsSection('all', 'Every bar of DESIGN §8 (`npm run bench`, bench/all.ts)', body, { first: true });
console.log(`${machineLine()}\n\n${body}`);
process.exit(broken > 0 ? 1 : 0);
