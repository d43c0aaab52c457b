import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../client/sign-request.ts';
import { ContentItemList } from '../../../core/openapi/api-schemas.ts';
import { ContentGenerationRequest, ContentGenerationResponse } from '../../../core/schemas/content-generation.ts';
import { deeplyNested, hostileHeaderValue, hostileText, hostileValue, PROTOTYPE_KEYS } from '../../lib/hostile-text.ts';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';
import { harness, KEYS, ORIGIN, ROUTE_PATHS, T0 } from '../api/harness.ts';
import { countQueued, expectNoPrototypePollution, expectWellFormedAnswer, storedState } from './api-answers.ts';

/**
 * The content API through its real request handler in workerd, on real local D1, under hostile
 * requests: malformed signatures and headers, duplicated headers, odd methods and paths, bodies
 * that are not JSON, not UTF-8, truncated, nested thousands deep or over the cap, and validly signed
 * requests whose every field is hostile. Invariants: no 5xx, every error a documented problem
 * naming the field at fault, nothing stored by a refused request, no prototype pollution.
 */
const runs = (bounded: number) => propertyRuns(bounded, env.FC_RUNS);
const NOW_S = Math.floor(T0 / 1000);

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const PUBLIC_PATHS = new Set(['/api/health', '/api/openapi.json']);
const SEGMENTS = ['api', 'content', 'items', 'generate', 'ping', 'jobs', '..', '.', '%2e', '%00', '', 'x'.repeat(300)];

/** A path under the origin: a real route, or segments that are dotted, encoded, empty or long. */
const path = fc.oneof(
  fc.constantFrom(...ROUTE_PATHS),
  fc
    .array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 6 })
    .map((segments) => `/${segments.join('/')}`),
);

const component = fc.constantFrom(
  '"@method"',
  '"@authority"',
  '"@path"',
  '"@query"',
  '"content-digest"',
  '"content-type"',
  '"idempotency-key"',
  '"@signature-params"',
  '"@status"',
  '"@request-target"',
  '"@target-uri"',
  '"@scheme"',
  '"@unknown"',
  '"Content-Type"',
  '""',
  '"x-absent"',
  '"@method";sf',
  '"content-digest";key="sha-256"',
  'token',
  '1',
  ':AAAA:',
);
const signatureParam = fc.oneof(
  fc
    .constantFrom(
      String(NOW_S),
      '-1',
      '0',
      '999999999999999',
      '1000000000000000',
      '1.5',
      '"1"',
      '?1',
      String(NOW_S + 301),
    )
    .map((v) => `created=${v}`),
  fc
    .constantFrom(
      '"client-a"',
      '"client-b"',
      '""',
      'client-a',
      `"${'k'.repeat(300)}"`,
      ...PROTOTYPE_KEYS.map((k) => `"${k}"`),
    )
    .map((v) => `keyid=${v}`),
  fc.constantFrom('"n-1"', '""', `"${'n'.repeat(129)}"`, ':AAAA:', '1', '"\\"x"').map((v) => `nonce=${v}`),
  fc.constantFrom('"hmac-sha256"', '"rsa-pss-sha512"', 'hmac-sha256', '"HMAC-SHA256"').map((v) => `alg=${v}`),
  fc.constantFrom('0', String(NOW_S + 60), '"never"').map((v) => `expires=${v}`),
);
const label = fc.constantFrom('sig1', 'sig2', 'Sig', '*', '__proto__');
/** `Signature-Input` built from real and wrong parts, or any header text at all. */
const signatureInput = fc.oneof(
  fc
    .tuple(label, fc.array(component, { maxLength: 8 }), fc.array(signatureParam, { maxLength: 6 }))
    .map(([name, components, params]) => `${name}=(${components.join(' ')})${params.map((p) => `;${p}`).join('')}`),
  hostileHeaderValue,
);
const base64ish = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => btoa(String.fromCharCode(...bytes))),
  fc.constantFrom('', '=', 'A', 'AAA', '!!!!', 'A===', 'AAAA'.repeat(500)),
);
const signature = fc.oneof(
  fc.tuple(label, base64ish).map(([name, value]) => `${name}=:${value}:`),
  fc.tuple(label, base64ish).map(([name, value]) => `${name}=:${value}:, ${name}=:${value}:`),
  hostileHeaderValue,
);
const contentDigest = fc.oneof(
  base64ish.map((value) => `sha-256=:${value}:`),
  base64ish.map((value) => `sha-512=:${value}:, sha-256=:${value}:`),
  fc.constantFrom('sha-256=abc', 'md5=:AAAA:', 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:'),
  hostileHeaderValue,
);
/** Header name → value pairs, appended in order, so the same header can arrive twice. */
const headerPairs = fc.array(
  fc.oneof(
    signatureInput.map((v) => ['signature-input', v] as const),
    signature.map((v) => ['signature', v] as const),
    contentDigest.map((v) => ['content-digest', v] as const),
    fc
      .constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/jsonx',
      )
      .map((v) => ['content-type', v] as const),
    hostileHeaderValue.map((v) => ['idempotency-key', v] as const),
    fc.constantFrom('https://evil.example', 'null', ORIGIN).map((v) => ['origin', v] as const),
    hostileHeaderValue.map((v) => ['x-other', v] as const),
  ),
  { maxLength: 8 },
);

const validRequest = fc.record(
  {
    date_range: fc.constant({ start: '2026-11-09', end: '2026-11-09' }),
    limit: fc.integer({ min: 1, max: 100 }),
    page: fc.integer({ min: 1, max: 5 }),
    sort_by: fc.constantFrom('created_at', 'view_count', 'content_score', 'duration', 'stored_at'),
    mode: fc.constantFrom('sync', 'async'),
    filters: fc.constant({ min_views: 0 }),
  },
  { requiredKeys: ['date_range'] },
);
const FIELD_PATHS = [
  'page',
  'limit',
  'sort_by',
  'sort_order',
  'date_range',
  'date_range.start',
  'date_range.end',
  'filters',
  'filters.min_views',
  'filters.max_duration',
  'filters.categories',
  'filters.content_tags',
  'filters.platform',
  'filters.min_confidence',
  'filters.broadcaster_name',
  'content_type',
  'repository',
  'mode',
  'idempotency_key',
  ...PROTOTYPE_KEYS,
  ...PROTOTYPE_KEYS.map((key) => `filters.${key}`),
];

/** Sets `path` (dotted) to `value` as an own property, `__proto__` included, creating objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    const object = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
    Object.defineProperty(at, key, { value: object, enumerable: true, writable: true, configurable: true });
    at = object as Record<string, unknown>;
  }
  Object.defineProperty(at, keys.at(-1) ?? '', { value, enumerable: true, writable: true, configurable: true });
}

/** A generate request with hostile values put at chosen fields, as an object. */
const mutatedRequest = fc
  .tuple(validRequest, fc.array(fc.tuple(fc.constantFrom(...FIELD_PATHS), hostileValue), { maxLength: 3 }))
  .map(([request, edits]) => {
    const copy: Record<string, unknown> = structuredClone(request);
    for (const [field, value] of edits) setPath(copy, field, value);
    return copy;
  });

/** Body text: a mutated request, any value as JSON, JSON cut short, duplicated keys, deep nesting or no JSON at all. */
const bodyText = fc.oneof(
  { weight: 5, arbitrary: mutatedRequest.map((request) => JSON.stringify(request)) },
  { weight: 2, arbitrary: hostileValue.map((value) => JSON.stringify(value) ?? 'undefined') },
  { weight: 1, arbitrary: hostileText },
  {
    weight: 1,
    arbitrary: fc
      .tuple(mutatedRequest, fc.nat())
      .map(([request, cut]) => JSON.stringify(request).slice(0, cut % JSON.stringify(request).length)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(validRequest, fc.constantFrom(...FIELD_PATHS.filter((f) => !f.includes('.'))), hostileValue)
      .map(
        ([request, key, value]) =>
          `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},${JSON.stringify(request).slice(1)}`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>,
        fc.integer({ min: 100, max: 12_000 }),
      )
      .map(([kind, depth]) => deeplyNested(depth, kind)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{"date_range":1e999}', '{"limit":-0}', `{"limit":${'9'.repeat(400)}}`, '\ufeff{}', ''),
  },
);
/** Body bytes: the text as UTF-8, or bytes that are not UTF-8, or more than the 64 KiB cap. */
const body = fc.oneof(
  { weight: 8, arbitrary: bodyText.map((text) => new TextEncoder().encode(text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024 + 1, max: 80 * 1024 }).map((n) => new Uint8Array(n).fill(0x7b)) },
);

describe('the content API under hostile requests', { timeout: propertyTimeout(runs(150)) }, () => {
  it('answers any unsigned or wrongly signed request with a documented 4xx problem, and stores nothing', async () => {
    const api = harness();
    const queue = countQueued(api);
    const before = await storedState(queue);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), path, headerPairs, body, async (method, target, pairs, bytes) => {
        const headers = new Headers();
        for (const [name, value] of pairs) headers.append(name, value);
        const withBody = method !== 'GET' && method !== 'HEAD';
        const response = await api.send(
          new Request(`${ORIGIN}${target}`, { method, headers, ...(withBody ? { body: bytes } : {}) }),
        );
        const problem = await expectWellFormedAnswer(response);
        if (!(PUBLIC_PATHS.has(target) && (method === 'GET' || method === 'HEAD'))) expect(problem).not.toBeNull();
        expect(await storedState(queue)).toEqual(before);
        expectNoPrototypePollution();
      }),
      { numRuns: runs(150) },
    );
  });

  it('answers any validly signed generate request below 500, names the field a validation failed on, and queues one job per job row', async () => {
    const api = harness();
    const queue = countQueued(api);
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/json', 'application/x-ndjson'),
        fc.option(fc.stringMatching(/^[\x21-\x7e]{1,40}$/), { nil: undefined }),
        async (bytes, contentType, idempotencyKey) => {
          const before = await storedState(queue);
          const url = `${ORIGIN}/api/content/generate`;
          const sent = {
            'content-type': contentType,
            ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
          };
          const headers = await signRequest({ method: 'POST', url, headers: sent, body: bytes, ...signer() });
          const response = await api.send(new Request(url, { method: 'POST', headers, body: bytes }));
          const replayed = response.headers.get('idempotent-replayed') === 'true';
          const answer = await response
            .clone()
            .json()
            .catch(() => null);
          const problem = await expectWellFormedAnswer(response);
          const after = await storedState(queue);
          expectNoPrototypePollution();
          if (bytes.byteLength > 64 * 1024) {
            expect(problem?.code).toBe('payload_too_large');
            expect(after).toEqual(before);
            return;
          }
          // Verified, so its nonce is used up; a job row exists exactly when a message was queued.
          expect(after.nonces - before.nonces).toBe(1);
          expect(after.jobs - before.jobs).toBe(after.queued - before.queued);
          expect(after.jobs - before.jobs).toBe(response.status === 202 && !replayed ? 1 : 0);
          if (response.status === 200 && !replayed) ContentGenerationResponse.parse(answer);
          const input = parsedObject(bytes);
          if (problem?.code === 'validation_failed' && input !== null) expectFieldOfBody(problem, input);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it('answers any validly signed items query below 500 and names the query parameter at fault', async () => {
    const api = harness();
    const names = fc.oneof(
      fc.constantFrom('page', 'limit', 'sort_by', 'sort_order', 'start', 'end', 'min_views', 'categories', 'platform'),
      fc.constantFrom(
        'content_tags',
        'has_transcript',
        'min_confidence',
        'repository',
        'max_duration',
        ...PROTOTYPE_KEYS,
      ),
      fc.string({ maxLength: 12 }),
    );
    const query = fc.oneof(
      fc.array(fc.tuple(names, hostileText), { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs).toString()),
      fc.stringMatching(/^[\x21-\x7e]{0,60}$/).map((raw) => raw.replaceAll('#', '%23')),
      fc.constantFrom(
        'limit=%ZZ',
        'start=%C0%80',
        'page=1&page=2',
        'limit=1e3',
        `limit=${'9'.repeat(400)}`,
        'platform=,,,',
      ),
    );
    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        const url = `${ORIGIN}/api/content/items${search === '' ? '' : `?${search}`}`;
        const headers = await signRequest({ method: 'GET', url, ...signer() });
        const response = await api.send(new Request(url, { headers }));
        const answer = await response.clone().json();
        const problem = await expectWellFormedAnswer(response);
        if (problem === null) ContentItemList.parse(answer);
        else {
          // The parameter at fault, exactly as sent (its name may be anything, even empty).
          expect(problem.status).toBe(400);
          const sent = new Set(new URL(url).searchParams.keys());
          expect(problem.field !== undefined && (sent.has(problem.field) || problem.field === 'query')).toBe(true);
        }
        expectNoPrototypePollution();
      }),
      { numRuns: runs(150) },
    );
  });
});

/** The test key and a fresh nonce, `created` on the harness clock. */
function signer() {
  return { keyId: 'client-a', secret: KEYS['client-a'], created: NOW_S, nonce: crypto.randomUUID() };
}

/**
 * A validation failure of a JSON object body names its field: a JSON path whose first key is one
 * the body holds or one the schema requires (or the malformed Idempotency-Key header). Only an
 * unknown key named "" has no path to name.
 */
function expectFieldOfBody(problem: { field?: string | undefined; detail: string }, input: Record<string, unknown>) {
  if (problem.field === undefined) {
    expect(Object.hasOwn(input, ''), `no field named for ${problem.detail}`).toBe(true);
    return;
  }
  if (problem.field === 'Idempotency-Key') return;
  const first = problem.field.split(/[.[]/)[0] ?? '';
  expect(Object.hasOwn(input, first) || Object.hasOwn(ContentGenerationRequest.shape, first), problem.field).toBe(true);
}

function parsedObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
