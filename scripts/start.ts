/**
 * `npm start`: the whole local loop, offline, on a fresh clone (DESIGN §7 "Embedded default").
 *
 * 1. local D1 and R2 under `.wrangler/state` (migrations applied), through wrangler's platform proxy;
 * 2. the pipeline on the bundled sample days, through the production jobs (ingest, process,
 *    generate, judge, publish, notify): local pull requests in `.wrangler/state/content-repo`,
 *    review messages in the D1 outbox;
 * 3. the PRs the judge passed merged into that repository's `main` (drafts stay open), their
 *    messages moved to `merged`;
 * 4. `main`'s `content/` exported to `.wrangler/state/site/content`; its items loaded into local D1;
 * 5. the blog built from that folder (`STREAMLOG_CONTENT_DIR`), merged posts' messages moved to `live`;
 * 6. the site Worker and the pipeline Worker served together by wrangler dev, then a summary on
 *    stdout: what it did, the URLs, a signed curl line.
 *
 * Progress goes to stderr, one line per step; the pipeline's own log and the build's output go to
 * files under `.wrangler/state/logs`. A second run changes nothing: no new PR, no new message, the
 * same posts. Options: `--days 2026-11-03,2026-11-09` (which local days to run), `--no-pipeline`
 * (serve what is there). Environment: PORT, STREAM_TIMEZONE, CONTENT_API_KEYS, STREAMLOG_STATE_DIR,
 * and everything `npm run pipeline` reads.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { signRequest } from '../client/sign-request.ts';
import { isStreamlogError } from '../core/errors.ts';
import { LocalDate } from '../core/schemas/common.ts';
import { isValidTimeZone } from '../core/time/local-day.ts';
import { type LocalPipeline, openLocalPipeline, runArgs } from '../pipeline/cli/run-days.ts';
import { parsePipelineSettings } from '../pipeline/src/config.ts';
import { listOutbox } from '../store/notifications/notification-messages.ts';
import { generateContentApiKeys, keyIdsOf } from './lib/api-keys.ts';
import { appendDevVar, readDevVars } from './lib/dev-vars.ts';
import {
  compareContent,
  countPosts,
  exportContent,
  fileLogger,
  filesUnder,
  markLive,
  mergePassingPullRequests,
  readItems,
  SAMPLE_DAYS,
  SAMPLE_TIME_ZONE,
  seedItems,
} from './lib/local-loop.ts';
import { curlLine, type DayReport, type LoopReport, loopSummaryText, postUrlPath } from './lib/loop-summary.ts';
import { runLogged, start } from './lib/run.ts';
import { toolEnv } from './lib/tool-env.ts';
import { pipelineWorkerEnv, readingNames, writeSiteDevVars } from './lib/worker-dev-vars.ts';

const started = performance.now();
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const stateDir = process.env.STREAMLOG_STATE_DIR || join(root, '.wrangler/state');
const logDir = join(stateDir, 'logs');
const devVarsPath = join(root, '.dev.vars');
// Offline by default; CLOUDFLARE_CF_FETCH_ENABLED=true lets Miniflare fetch `Request.cf` when online.
const env = toolEnv({ CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false' });

function fail(message: string): never {
  console.error(`streamlog: ${message}`);
  process.exit(1);
}

// --- options and configuration -------------------------------------------------------------------

const argv = process.argv.slice(2);
let daysOption: string[] | null = null;
let runPipeline = true;
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i] ?? '';
  if (arg === '--no-pipeline') runPipeline = false;
  else if (arg === '--days' || arg.startsWith('--days=')) {
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[++i] ?? '');
    daysOption = value.split(',').filter((d) => d !== '');
    const bad = daysOption.find((d) => !LocalDate.safeParse(d).success);
    if (bad !== undefined || daysOption.length === 0)
      fail(`--days must be comma-separated dates YYYY-MM-DD, got "${value}"`);
  } else if (arg === '--help' || arg === '-h') {
    console.log('usage: npm start [-- --days YYYY-MM-DD,… | --no-pipeline]   (PORT=… to change the port)');
    process.exit(0);
  } else fail(`unknown option "${arg}" (npm start -- --help)`);
}

const port = process.env.PORT ?? '8787';
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  fail(`PORT must be a number from 1 to 65535, got "${port}"`);
}

// Environment wins over .dev.vars; a fresh clone gets a generated local key.
const devVars = readDevVars(devVarsPath);
let apiKeys = process.env.CONTENT_API_KEYS ?? devVars.CONTENT_API_KEYS;
if (apiKeys === undefined) {
  apiKeys = generateContentApiKeys();
  appendDevVar(devVarsPath, 'CONTENT_API_KEYS', apiKeys);
  console.error('streamlog: generated a local content API key in .dev.vars');
}
const keys = keyIdsOf(apiKeys);
if (!keys.ok) fail(keys.error);
env.CONTENT_API_KEYS = apiKeys;

const settingsVars: Record<string, string | undefined> = { ...devVars, ...process.env };
let settings: ReturnType<typeof parsePipelineSettings>;
// The names the settings were read from: what the pipeline Worker gets from the environment.
let settingNames = new Set<string>();
try {
  const read = readingNames(settingsVars, parsePipelineSettings);
  settings = read.value;
  settingNames = read.names;
} catch (error) {
  fail(isStreamlogError(error) ? error.message : String(error));
}
const sample = settings.twitch === null;
// The bundled sample channel streams in Mexico City: its days only make sense in that zone.
const configuredZone = process.env.STREAM_TIMEZONE ?? devVars.STREAM_TIMEZONE;
const timeZone = configuredZone ?? (sample ? SAMPLE_TIME_ZONE : 'UTC');
if (!isValidTimeZone(timeZone))
  fail(`STREAM_TIMEZONE "${timeZone}" is not an IANA time zone (e.g. America/Mexico_City)`);
settings = { ...settings, timeZone };

// The sample days when the clips are the bundled sample; real sources run only the days asked for.
// Posts would go to GitHub when CONTENT_REPO is configured: then only with explicit --days.
const days = !runPipeline ? [] : (daysOption ?? (sample && settings.publishing === null ? [...SAMPLE_DAYS] : []));

// --- progress ---------------------------------------------------------------------------------------

const steps: { step: string; ms: number }[] = [];

/** One line per step on stderr: what it does, then how long it took and what came of it. */
async function step<T>(
  label: string,
  name: string,
  fn: () => Promise<T> | T,
  result?: (value: T) => string,
): Promise<T> {
  const t = performance.now();
  process.stderr.write(`streamlog: ${name} … `);
  let value: T;
  try {
    value = await fn();
  } catch (error) {
    process.stderr.write('failed\n');
    throw error;
  }
  const ms = performance.now() - t;
  steps.push({ step: label, ms });
  const detail = result ? result(value) : 'done';
  process.stderr.write(`${detail}${detail ? ' ' : ''}(${(ms / 1000).toFixed(1)} s)\n`);
  return value;
}

// --- the loop -------------------------------------------------------------------------------------

const pipelineLog = join(logDir, 'pipeline.log');
let pipeline: LocalPipeline | null = null;
const report: Omit<LoopReport, 'urls' | 'curl' | 'steps' | 'totalMs' | 'keyIds'> = {
  timezone: timeZone,
  days: [],
  contentRepoDir: null,
  pullRequests: [],
  merged: [],
  content: { dir: 'content/', from: 'checkout', sameAsCheckout: null, posts: 0, items: 0 },
  seeded: 0,
  outbox: [],
  reviewMoves: { merged: 0, live: 0 },
  logFile: days.length > 0 ? relativeToRoot(pipelineLog) : null,
};
let latestPost: string | null = null;

try {
  const opened = await step(
    'D1/R2',
    'opening local D1 and R2',
    () =>
      openLocalPipeline({
        root,
        stateDir,
        settings,
        env: { ...env, WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'error' },
        localPublishing: days.length > 0,
        log: fileLogger(pipelineLog),
      }),
    () => `${relativeToRoot(stateDir)}, migrations applied`,
  );
  pipeline = opened;
  report.contentRepoDir = opened.contentRepoDir;

  for (const date of days) {
    const summary = await step(date, `running the pipeline for ${date}`, () => opened.run(runArgs(date)), dayLine);
    const day: DayReport = {
      date,
      items: summary.items.length,
      by_status: summary.by_status,
      failures: summary.failures.map(({ step: s, code, content_item_id }) => ({
        step: s,
        code,
        ...(content_item_id ? { content_item_id } : {}),
      })),
      publish_status: summary.publish_status,
      post: summary.post ? { title: summary.post.title, path: summary.post.path, verdict: summary.post.verdict } : null,
      pull_request: summary.pull_request
        ? {
            number: summary.pull_request.number,
            outcome: summary.pull_request.outcome,
            branch: summary.pull_request.branch,
            draft: summary.pull_request.draft,
          }
        : null,
      notification: summary.notification
        ? { outcome: summary.notification.outcome, message_id: summary.notification.message_id }
        : null,
      ms: summary.duration_ms,
    };
    report.days.push(day);
  }

  let contentDir = join(root, 'content');
  if (opened.contentRepoDir !== null) {
    const repoDir = opened.contentRepoDir;
    const merge = await step(
      'merge',
      'merging the local PRs the judge passed',
      () => mergePassingPullRequests(opened.deps, repoDir),
      (m) => {
        const drafts = m.pullRequests.filter((pr) => pr.state === 'open').length;
        const merged = m.merged.length
          ? `merged ${m.merged.map((pr) => `#${pr.number}`).join(', ')}`
          : 'nothing new to merge';
        return `${merged}; ${drafts} left open${m.refused.length ? `; refused: ${m.refused.map((r) => `#${r.number} ${r.reason}`).join('; ')}` : ''}`;
      },
    );
    report.pullRequests = merge.pullRequests;
    report.merged = merge.merged.map((pr) => pr.number);
    report.reviewMoves.merged = merge.moved;
    contentDir = await step(
      'export',
      "exporting main's content/ for the build",
      () => exportContent(repoDir, join(stateDir, 'site')),
      (dir) => relativeToRoot(dir),
    );
    report.content.from = 'local-main';
    report.content.sameAsCheckout = compareContent(contentDir, join(root, 'content'));
  }
  report.content.dir = relativeToRoot(contentDir);
  report.content.posts = countPosts(contentDir);
  const items = readItems(contentDir);
  report.content.items = items.length;
  report.seeded = await step(
    'seed',
    'loading the built items into local D1',
    () => seedItems(opened.bindings.DB, items),
    (n) => `${items.length} items, ${n} new to D1`,
  );

  const buildLog = join(logDir, 'astro-build.log');
  await step(
    'build',
    `building the blog from ${report.content.dir}`,
    () => runLogged('astro', ['build'], 'the Astro build', { ...env, STREAMLOG_CONTENT_DIR: contentDir }, buildLog),
    () => `${report.content.posts} posts, log in ${relativeToRoot(buildLog)}`,
  );
  latestPost = newestPost(contentDir);

  report.reviewMoves.live = await step(
    'live',
    'moving merged posts live',
    () =>
      markLive(
        settingsVars.SITE_URL
          ? opened.deps
          : { ...opened.deps, publishing: { ...opened.deps.publishing, siteUrl: `http://localhost:${port}` } },
      ),
    (n) => `${n} message(s) moved`,
  );
  report.outbox = (await listOutbox(opened.bindings.DB)).map((m) => ({
    message_id: m.message_id,
    stage: m.stage,
    text: m.text,
  }));
} catch (error) {
  const message = isStreamlogError(error)
    ? `${error.code}: ${error.message}`
    : String(error instanceof Error ? error.message : error);
  await pipeline?.dispose().catch(() => undefined);
  fail(`${message}${days.length > 0 ? `\n(pipeline log: ${relativeToRoot(pipelineLog)})` : ''}`);
} finally {
  // The proxy holds the local D1 and R2; wrangler dev opens them next.
  await pipeline?.dispose().catch(() => undefined);
}

// --- serve ----------------------------------------------------------------------------------------

if (!existsSync(join(root, 'dist/server/wrangler.json'))) fail('the build wrote no dist/server/wrangler.json');
try {
  writeSiteDevVars(join(root, 'dist/server'), { CONTENT_API_KEYS: apiKeys, STREAM_TIMEZONE: timeZone });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const url = `http://localhost:${port}`;
const serveStarted = performance.now();
process.stderr.write('streamlog: starting the site and pipeline Workers (wrangler dev) …\n');
const server = start(
  'wrangler',
  [
    'dev',
    '-c',
    join(root, 'dist/server/wrangler.json'),
    '-c',
    join(root, 'pipeline/wrangler.toml'),
    '--port',
    port,
    '--ip',
    '127.0.0.1',
    '--persist-to',
    stateDir,
    '--show-interactive-dev-session=false',
  ],
  // Only these variables: the pipeline Worker binds everything wrangler is started with.
  pipelineWorkerEnv({ ...env, STREAM_TIMEZONE: timeZone }, devVars, settingNames) as NodeJS.ProcessEnv,
);

let announced = false;
server.stdout?.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk);
  if (!announced && /Ready on/i.test(chunk.toString())) {
    announced = true;
    steps.push({ step: 'wrangler dev', ms: performance.now() - serveStarted });
    void announce();
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

async function announce(): Promise<void> {
  const keyId = keys.ok ? (keys.keyIds[0] ?? 'local') : 'local';
  const secret = (JSON.parse(apiKeys as string) as Record<string, string>)[keyId] ?? '';
  const apiUrl = `${url}/api/content/items?limit=3`;
  const headers = await signRequest({ method: 'GET', url: apiUrl, body: '', keyId, secret });
  const text = loopSummaryText({
    ...report,
    urls: {
      blog: url,
      post: latestPost ? `${url}${postUrlPath(latestPost)}` : null,
      api: `${url}/api/content/items`,
      openapi: `${url}/api/openapi.json`,
    },
    keyIds: keys.ok ? keys.keyIds : [],
    curl: curlLine('GET', apiUrl, headers),
    steps,
    totalMs: performance.now() - started,
  });
  process.stdout.write(`\n${text}\n`);
}

// --- helpers --------------------------------------------------------------------------------------

function relativeToRoot(path: string): string {
  const rel = relative(root, path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

function dayLine(summary: Awaited<ReturnType<LocalPipeline['run']>>): string {
  const statuses = Object.entries(summary.by_status)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const parts = [`${summary.items.length} items${statuses ? ` (${statuses})` : ''}`];
  if (summary.publish_status === 'skipped_empty') parts.push('no development clips, no post');
  else if (summary.post) parts.push(`post judged ${summary.post.verdict}`);
  const pr = summary.pull_request;
  if (pr) parts.push(`PR${pr.number === null ? '' : ` #${pr.number}`} ${pr.outcome}${pr.draft ? ' (draft)' : ''}`);
  if (summary.notification) parts.push(`message ${summary.notification.outcome}`);
  return parts.join(', ');
}

/** The newest post the blog was built with (post files are `<yyyy>/<date>-<slug>.md`), for the summary. */
function newestPost(contentDir: string): string | null {
  return (
    [...filesUnder(join(contentDir, 'posts')).keys()]
      .filter((path) => path.endsWith('.md'))
      .sort()
      .at(-1) ?? null
  );
}
