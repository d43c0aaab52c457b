/**
 * `npm run bench:github-writes`: GitHub write requests per pull request, for bundles of N = 1, 10,
 * 50 and 200 files, when the PR is first opened, when it is updated with new content, and when the
 * same bundle is published again. Runs GitHubPublisher (the pipeline's, unchanged: it only needs
 * `fetch`) in Node against the fake GitHub of test/servers (github-server.ts with its in-memory
 * content repository) on loopback. Writes are counted from the server's request log (every non-GET
 * request to the content repository) and compared with the publisher's own `PublishResult.writes`.
 * Bar (DESIGN §8): the writes to open or update a PR are constant in the number of files, ≤ 6.
 * Writes its section of bench/RESULTS.md.
 */

import { createHash } from 'node:crypto';
import { fingerprintMarker, fingerprintTrailer, type PostBundle } from '../core/publishing/bundle.ts';
import { systemClock } from '../store/system-clock.ts';
import { GITHUB_TEST_TOKEN } from '../test/servers/github-credentials.ts';
import { CONTENT_BASE, CONTENT_OWNER, CONTENT_REPO } from '../test/servers/github-repo-protocol.ts';
import { createGitHubServer } from '../test/servers/github-server.ts';
import { reportVerdicts, type Verdict, verdictTable, writeResultsSection } from './lib/results.ts';

const SIZES = [1, 10, 50, 200];
const MAX_WRITES = 6;
const BASE_PATH = '/t/bench-writes';

/**
 * The part of pipeline/src/publish/github-publisher.ts this bench uses. The module is loaded at run
 * time: pipeline/src is typed for workerd (pipeline/tsconfig.json checks it), and the root project's
 * DOM typings, which check bench/, do not fit it.
 */
interface PublishResult {
  outcome: string;
  writes: number;
}
interface Publisher {
  publish(bundle: PostBundle, options: { force: boolean }): Promise<PublishResult>;
}
type PublisherClass = new (options: {
  settings: {
    apiBaseUrl: string;
    owner: string;
    repo: string;
    baseBranch: string;
    auth: { kind: 'token'; token: string };
  };
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  clock: typeof systemClock;
  log: Record<'info' | 'warn' | 'error', (message: string, meta?: Record<string, unknown>) => void>;
}) => Publisher;
const PUBLISHER_MODULE = '../pipeline/src/publish/github-publisher.ts';
const { GitHubPublisher } = (await import(PUBLISHER_MODULE)) as { GitHubPublisher: PublisherClass };

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A daily-recap bundle shaped like generatePost's: the post, then `files - 1` item JSON files (about 2 KB each). */
function bundle(files: number, day: string, revision: number): PostBundle {
  const item = (i: number) =>
    `${JSON.stringify(
      {
        content_item_id: `bench-${day}-${i}`,
        revision,
        clip_title: `Fixing the webhook bug live, part ${i}`,
        transcript: ' So the webhook retries were not idempotent, let us fix that and push.'.repeat(20),
      },
      null,
      2,
    )}\n`;
  const list = [
    {
      path: `content/posts/${day.slice(0, 4)}/bench-${day}.md`,
      content: `---\ntitle: "Bench day ${day} (revision ${revision})"\n---\n\n${'A paragraph about the day.\n\n'.repeat(40)}`,
    },
    ...Array.from({ length: files - 1 }, (_, i) => ({
      path: `content/items/bench-${day}-${i}.json`,
      content: item(i),
    })),
  ];
  const fingerprint = createHash('sha256').update(JSON.stringify(list)).digest('hex');
  return {
    content_type: 'daily_recap',
    period: { start: day, end: day },
    subject_key: `daily_recap:${day}`,
    branch: `streamlog/daily-recap/${day}`,
    title: `Daily recap ${day}: ${files} file(s), revision ${revision}`,
    body: `A bench post of ${files} file(s).\n\n${fingerprintMarker(fingerprint)}`,
    commit_message: `post: daily recap ${day}\n\n${files - 1} clip(s), judge: pass.\n\n${fingerprintTrailer(fingerprint)}\n`,
    files: list,
    fingerprint,
    draft: false,
    labels: ['streamlog'],
  };
}

interface Measured {
  files: number;
  step: 'open' | 'update' | 'same bundle again';
  outcome: string;
  server_writes: number;
  publisher_writes: number;
  reads: number;
  routes: string[];
  /** Bytes of the one `POST /git/trees` request (all files inline), or 0. */
  tree_bytes: number;
  ms: number;
}

const server = createGitHubServer();
const url = await server.start();
const settings = {
  apiBaseUrl: `${url}${BASE_PATH}`,
  owner: CONTENT_OWNER,
  repo: CONTENT_REPO,
  baseBranch: CONTENT_BASE,
  auth: { kind: 'token' as const, token: GITHUB_TEST_TOKEN },
};
const publisher = new GitHubPublisher({
  settings,
  fetch: (input, init) => fetch(input, init),
  clock: systemClock,
  log: quiet,
});

async function measure(files: number, step: Measured['step'], input: PostBundle): Promise<Measured> {
  server.reset();
  const started = performance.now();
  const result: PublishResult = await publisher.publish(input, { force: false });
  const ms = performance.now() - started;
  const requests = server.log().requests.filter((request) => request.path.startsWith(`${BASE_PATH}/repos/`));
  const writes = requests.filter((request) => request.method !== 'GET' && request.method !== 'HEAD');
  const unexpected = server.log().unexpected.length;
  if (unexpected > 0) throw new Error(`${unexpected} request(s) the fake GitHub could not answer`);
  return {
    files,
    step,
    outcome: result.outcome,
    server_writes: writes.length,
    publisher_writes: result.writes,
    reads: requests.length - writes.length,
    routes: writes.map(
      (request) =>
        `${request.method} ${decodeURIComponent(request.path.slice(BASE_PATH.length).replace(/^\/repos\/[^/]+\/[^/]+/, ''))}`,
    ),
    tree_bytes: Buffer.byteLength(writes.find((request) => request.path.endsWith('/git/trees'))?.body ?? ''),
    ms,
  };
}

const rows: Measured[] = [];
try {
  const reset = await fetch(`${url}${BASE_PATH}/__github/reset`, { method: 'POST' });
  if (reset.status !== 204) throw new Error(`fake GitHub reset answered ${reset.status}`);
  // A warm-up PR on its own branch, so the first measured one does not pay for module and socket setup.
  await publisher.publish(bundle(1, '2031-02-01', 0), { force: false });
  for (const [index, files] of SIZES.entries()) {
    const day = `2031-03-${String(index + 10).padStart(2, '0')}`;
    rows.push(await measure(files, 'open', bundle(files, day, 1)));
    rows.push(await measure(files, 'update', bundle(files, day, 2)));
    rows.push(await measure(files, 'same bundle again', bundle(files, day, 2)));
    const state = (await (await fetch(`${url}${BASE_PATH}/__github/state`)).json()) as {
      branches: Record<string, { files: Record<string, string>; ahead_by: number }>;
      violations: string[];
    };
    const branch = state.branches[`streamlog/daily-recap/${day}`];
    const onBranch = Object.keys(branch?.files ?? {}).filter((path) => path.includes(`bench-${day}`)).length;
    if (onBranch !== files || branch?.ahead_by !== 1) {
      throw new Error(`${files} files: the branch holds ${onBranch} of them, ${branch?.ahead_by} commit(s) ahead`);
    }
    if (state.violations.length > 0) throw new Error(`forbidden writes: ${state.violations.join('; ')}`);
  }
} finally {
  await server.stop();
}

const expected: Record<Measured['step'], string> = {
  open: 'created',
  update: 'updated',
  'same bundle again': 'unchanged',
};
for (const row of rows) {
  if (row.outcome !== expected[row.step])
    throw new Error(`${row.files} files, ${row.step}: outcome ${row.outcome}, expected ${expected[row.step]}`);
}

const writesOf = (step: Measured['step']) => rows.filter((row) => row.step === step).map((row) => row.server_writes);
const constant = (values: number[]) => values.every((value) => value === values[0]);
const agree = rows.every((row) => row.server_writes === row.publisher_writes);
const table = [
  '| files | step | outcome | GitHub writes (server log) | writes (publisher count) | reads | tree request | time | write requests |',
  '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    (row) =>
      `| ${row.files} | ${row.step} | ${row.outcome} | ${row.server_writes} | ${row.publisher_writes} | ${row.reads} | ${row.tree_bytes ? `${(row.tree_bytes / 1024).toFixed(0)} KiB` : '—'} | ${row.ms.toFixed(0)} ms | ${row.routes.map((route) => `\`${route}\``).join(', ') || '—'} |`,
  ),
].join('\n');
const verdicts: Verdict[] = [
  ...(['open', 'update'] as const).map((step) => {
    const values = writesOf(step);
    return {
      figure: `GitHub writes to ${step} a PR, N = ${SIZES.join(', ')} files`,
      measured: values.join(', '),
      bar: `constant in N, ≤ ${MAX_WRITES}`,
      pass: constant(values) && Math.max(...values) <= MAX_WRITES,
    };
  }),
  {
    figure: 'GitHub writes when the same bundle is published again',
    measured: writesOf('same bundle again').join(', '),
    bar: '0',
    pass: writesOf('same bundle again').every((value) => value === 0),
  },
  { figure: "publisher's own count equals the server log", measured: agree ? 'yes' : 'no', bar: 'equal', pass: agree },
];
reportVerdicts(verdicts);
const bars = verdictTable(verdicts);
const notes = `One PR per N on its own branch of an empty content repository (the fake GitHub of test/servers at \`${BASE_PATH}\`, in this Node process, on loopback); the post plus N − 1 item files of about 2 KB. "update" publishes the same branch with every file changed; "same bundle again" publishes the updated bundle once more. Every file travels inline in one \`POST /git/trees\` (Git Data API), so the number of requests does not depend on N: only the size of that one request does. After each N the branch holds exactly the N files in one commit ahead of \`${CONTENT_BASE}\`, and the server recorded no forbidden write (base branch, merge, review). Times are loopback round trips to the in-process fake, not GitHub's latency.`;
writeResultsSection(
  'github-writes',
  'GitHub writes per pull request (`npm run bench:github-writes`, bench/github-writes.ts)',
  `${bars}\n\n${table}\n\n${notes}`,
);
process.stdout.write(`${bars}\n\n${table}\n`);
