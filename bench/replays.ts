/**
 * `npm run bench:replays`: DESIGN §8 "replays accepted, under concurrent load: 0", over HTTP against
 * the built site Worker under `wrangler dev` (the way bench/content-api.ts serves it). Requests go
 * out in groups of CONCURRENCY, all at once: a group is either that many copies of one signed
 * request, or that many fresh signatures (other paths, queries and `created` times) that reuse one
 * nonce. Of each group exactly one may be accepted; the others must be refused as replays (`401
 * nonce_replayed`, or `429 too_many_failures` once the client's failed authentications pass the
 * AUTH_FAILURE_LIMITER). Writes the "replays" section of bench/RESULTS.md.
 *
 * Options (environment): BENCH_REPLAY_REQUESTS (default 2000), BENCH_REPLAY_CONCURRENCY (default 50).
 */
import { signRequest } from '../client/sign-request.ts';
import { startApiServer } from '../test/e2e/api-server.ts';
import { reportVerdicts, verdictTable, writeResultsSection } from './lib/results.ts';

const REQUESTS = wholeNumber('BENCH_REPLAY_REQUESTS', 2000);
const CONCURRENCY = wholeNumber('BENCH_REPLAY_CONCURRENCY', 50);
const KEYS = { bench: 'bench-secret-0123456789abcdefghij' };
const GENERATE = JSON.stringify({ date_range: { start: '2026-11-09', end: '2026-11-09' }, limit: 5 });

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  if (!/^[1-9]\d{0,6}$/.test(raw)) {
    console.error(`bench:replays: ${name} must be a whole number from 1, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return Number(raw);
}

interface Signed {
  url: string;
  method: 'GET' | 'POST';
  body: string;
  headers: Record<string, string>;
}

/** The request shapes a group is made of: signed GET and POST routes, with and without a body. */
const SHAPES: { method: 'GET' | 'POST'; path: string; body: string }[] = [
  { method: 'GET', path: '/api/content/ping', body: '' },
  { method: 'POST', path: '/api/content/ping', body: '' },
  { method: 'GET', path: '/api/content/items?limit=3', body: '' },
  { method: 'POST', path: '/api/content/generate', body: GENERATE },
];

function shapeAt(index: number): (typeof SHAPES)[number] {
  const shape = SHAPES[index % SHAPES.length];
  if (!shape) throw new Error('no request shape');
  return shape;
}

async function sign(origin: string, shape: (typeof SHAPES)[number], nonce: string, created: number): Promise<Signed> {
  const url = `${origin}${shape.path}`;
  const headers = await signRequest({
    method: shape.method,
    url,
    body: shape.body,
    keyId: 'bench',
    secret: KEYS.bench,
    nonce,
    created,
  });
  return { url, method: shape.method, body: shape.body, headers };
}

/** One group's requests: copies of one signature, or fresh signatures over one nonce. */
async function group(origin: string, index: number): Promise<{ kind: 'copies' | 'shared nonce'; requests: Signed[] }> {
  const nonce = `replay-bench-${index}-${crypto.randomUUID()}`;
  const now = Math.floor(Date.now() / 1000);
  if (index % 2 === 0) {
    const one = await sign(origin, shapeAt(index / 2), nonce, now);
    return { kind: 'copies', requests: Array.from({ length: CONCURRENCY }, () => one) };
  }
  const requests = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) => {
      const shape = shapeAt(i);
      const query = shape.path.includes('?') ? `&page=${1 + (i % 7)}` : '';
      return sign(origin, { ...shape, path: `${shape.path}${query}` }, nonce, now - (i % 240));
    }),
  );
  return { kind: 'shared nonce', requests };
}

type Outcome = 'accepted' | 'nonce_replayed' | 'too_many_failures' | 'other';

async function send(request: Signed): Promise<{ outcome: Outcome; status: number; code: string }> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.method === 'POST' ? { body: request.body } : {}),
  });
  const text = await response.text();
  if (response.ok) return { outcome: 'accepted', status: response.status, code: '' };
  let code = '';
  try {
    code = String((JSON.parse(text) as { code?: unknown }).code ?? '');
  } catch {}
  const documented =
    (response.status === 401 && code === 'nonce_replayed') || (response.status === 429 && code === 'too_many_failures');
  return { outcome: documented ? (code as Outcome) : 'other', status: response.status, code };
}

console.error('bench:replays: building the site and starting wrangler dev (a minute or so) …');
const server = await startApiServer({ keys: KEYS });
try {
  const groups = Math.ceil(REQUESTS / CONCURRENCY);
  const counts: Record<Outcome, number> = { accepted: 0, nonce_replayed: 0, too_many_failures: 0, other: 0 };
  const others = new Map<string, number>();
  let replaysAccepted = 0;
  let groupsWithoutAcceptance = 0;
  const byKind = { copies: { groups: 0, accepted: 0 }, 'shared nonce': { groups: 0, accepted: 0 } };
  console.error(`bench:replays: ${groups} groups of ${CONCURRENCY} simultaneous requests …`);
  const started = performance.now();
  for (let index = 0; index < groups; index++) {
    const { kind, requests } = await group(server.origin, index);
    const results = await Promise.all(requests.map(send));
    const accepted = results.filter((result) => result.outcome === 'accepted').length;
    replaysAccepted += Math.max(0, accepted - 1);
    if (accepted === 0) groupsWithoutAcceptance += 1;
    byKind[kind].groups += 1;
    byKind[kind].accepted += accepted;
    for (const result of results) {
      counts[result.outcome] += 1;
      if (result.outcome === 'other') {
        const key = `${result.status} ${result.code}`.trim();
        others.set(key, (others.get(key) ?? 0) + 1);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const total = groups * CONCURRENCY;
  const verdicts = [
    {
      figure: `replays accepted under concurrent load (${total.toLocaleString('en')} signed requests, ${CONCURRENCY} at once)`,
      measured: String(replaysAccepted),
      bar: '0',
      pass: replaysAccepted === 0 && groupsWithoutAcceptance === 0 && counts.other === 0,
    },
  ];
  reportVerdicts(verdicts);
  const table = verdictTable(verdicts);
  const otherText = counts.other === 0 ? 'none' : [...others].map(([what, n]) => `${n} × ${what}`).join(', ');
  const body = `${table}

\`wrangler dev\` serving the built site Worker (its own entry, site/worker.ts) with local D1 and the AUTH_FAILURE_LIMITER binding; requests from Node over loopback in ${groups} groups of ${CONCURRENCY} sent at once (${(total / seconds).toFixed(0)} requests/s, ${seconds.toFixed(1)} s). Half the groups are ${CONCURRENCY} copies of one signed request; half are ${CONCURRENCY} fresh signatures (GET and POST ping, a GET items query with different pages, a sync generate; \`created\` up to 4 min apart) that reuse one nonce.

- accepted: **${counts.accepted}** (copies: ${byKind.copies.accepted} in ${byKind.copies.groups} groups; shared nonce: ${byKind['shared nonce'].accepted} in ${byKind['shared nonce'].groups} groups); groups with none accepted: ${groupsWithoutAcceptance};
- refused as replays: ${counts.nonce_replayed} × \`401 nonce_replayed\`, and ${counts.too_many_failures} × \`429 too_many_failures\` once the client's failed authentications passed 30 a minute (a 429 is only ever the answer to a request that failed authentication);
- anything else: ${otherText}.

In \`npm test\`, test/workers/hostile/concurrent-replays.test.ts races 50 copies per round through the handler itself (docs/hostile-input.md).`;
  writeResultsSection('replays', 'Concurrent replays (`npm run bench:replays`, bench/replays.ts)', body);
  console.log(table);
  console.log(
    `accepted ${counts.accepted}, nonce_replayed ${counts.nonce_replayed}, too_many_failures ${counts.too_many_failures}, other ${otherText}`,
  );
  if (!verdicts[0]?.pass) process.exitCode = 1;
} finally {
  await server.stop();
}
