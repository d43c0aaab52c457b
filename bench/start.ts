/**
 * `npm run bench:start`: DESIGN §8 "`npm start` on a fresh clone: the full local loop, then
 * serving < 2 min". Clones this repository's HEAD into a temporary folder, gives it this checkout's
 * installed packages (hard links: installing is `npm ci`'s time, not `npm start`'s; Astro's and
 * Vite's caches are left out so nothing is warm), then times `npm start` from launch to its summary
 * (everything built, both Workers serving), checks the blog and the API answer, stops it, and runs
 * it a second time: the second run must change nothing. Writes its section of bench/RESULTS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopProcessGroup } from '../test/e2e/lib/serve.ts';
import { reportVerdicts, writeResultsSection } from './lib/results.ts';

const root = join(import.meta.dirname, '..');
const BAR_MS = 120_000;
/** A run that has not printed its summary by then has failed the bar anyway. */
const GIVE_UP_MS = 300_000;

interface StartRun {
  ms: number;
  /** What `npm start` itself said: "ready in N s". */
  reportedS: number | null;
  homeStatus: number;
  apiHealthStatus: number;
  summary: string;
}

function sh(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
}

async function runStart(clone: string): Promise<StartRun> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: clone,
    env: freshEnv(port),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  try {
    // The summary ends with the hint to stop; by then both Workers serve.
    while (!/Stop with Ctrl\+C/.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${stderr.slice(-3000)}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`npm start gave no summary in ${GIVE_UP_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ms = performance.now() - started;
    const home = await fetch(`http://localhost:${port}/`);
    await home.body?.cancel();
    const health = await fetch(`http://localhost:${port}/api/health`);
    await health.body?.cancel();
    const reported = /ready in ([\d.]+) s/.exec(stdout);
    return {
      ms,
      reportedS: reported ? Number(reported[1]) : null,
      homeStatus: home.status,
      apiHealthStatus: health.status,
      summary: stdout,
    };
  } finally {
    await stopProcessGroup(child);
  }
}

/** This environment minus anything that would point the clone at other state or keys. */
function freshEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  for (const name of ['STREAMLOG_STATE_DIR', 'STREAMLOG_CONTENT_DIR', 'CONTENT_API_KEYS']) delete env[name];
  return env;
}

const work = mkdtempSync(join(tmpdir(), 'streamlog-bench-start-'));
const clone = join(work, 'streamlog');
try {
  process.stderr.write('bench:start: cloning HEAD and linking the installed packages …\n');
  sh('git', ['clone', '-q', root, clone], work);
  sh('cp', ['-al', join(root, 'node_modules'), join(clone, 'node_modules')], work);
  for (const cache of ['.astro', '.vite']) rmSync(join(clone, 'node_modules', cache), { recursive: true, force: true });
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: clone, encoding: 'utf8' }).stdout.trim();

  process.stderr.write('bench:start: first npm start …\n');
  const first = await runStart(clone);
  process.stderr.write(`bench:start: first run ready after ${(first.ms / 1000).toFixed(1)} s\n`);
  process.stderr.write('bench:start: second npm start …\n');
  const second = await runStart(clone);
  process.stderr.write(`bench:start: second run ready after ${(second.ms / 1000).toFixed(1)} s\n`);

  const unchanged = /nothing changed/.test(second.summary);
  const served = [first, second].every((run) => run.homeStatus === 200 && run.apiHealthStatus === 200);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const verdicts = [
    {
      figure: '`npm start` on a fresh clone, launch → loop done and serving',
      measured: s(first.ms),
      bar: '< 120 s',
      pass: first.ms < BAR_MS && served,
    },
    {
      figure: '`npm start` again: nothing new (no PR, no message, same posts)',
      measured: `${s(second.ms)}, ${unchanged ? 'nothing changed' : 'CHANGED'}`,
      bar: 'idempotent',
      pass: unchanged && served,
    },
  ];
  reportVerdicts(verdicts);
  const table = [
    '| figure | measured | bar | verdict |',
    '| --- | --- | --- | --- |',
    ...verdicts.map((v) => `| ${v.figure} | ${v.measured} | ${v.bar} | ${v.pass ? 'pass' : 'FAIL'} |`),
  ].join('\n');
  writeResultsSection(
    'start',
    '`npm start` on a fresh clone (`npm run bench:start`, bench/start.ts)',
    `${table}

A clone of HEAD (\`${head}\`) in a temporary folder, with this checkout's installed packages hard-linked in (installing is \`npm ci\`, not \`npm start\`; Astro's and Vite's caches are removed so nothing is warm), no \`.dev.vars\`, no \`.wrangler\` state and no \`dist\`. Timed from launching \`npm start\` to its summary, by which time the pipeline has run the sample days, the PRs are merged, the blog is built and both Workers serve; then \`/\` answered ${first.homeStatus} and \`/api/health\` ${first.apiHealthStatus}. npm start's own count: ${first.reportedS ?? '?'} s, then ${second.reportedS ?? '?'} s for the second run.`,
  );
  console.log(table);
} finally {
  rmSync(work, { recursive: true, force: true });
}
