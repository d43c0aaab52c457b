import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../client/sign-request.ts';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';
import { harness, KEYS, T0 } from '../api/harness.ts';
import { countQueued, expectWellFormedAnswer, storedState } from './api-answers.ts';

/**
 * Any one byte of what a signature covers, changed after signing, gets the request refused with a
 * 401, and the refusal stores nothing: the untouched original is accepted afterwards with the
 * same nonce. Covered: method, authority, path, query, body (through Content-Digest), the
 * Content-Digest, Content-Type and Idempotency-Key headers, Signature-Input, and the MAC itself.
 */
const runs = (bounded: number) => propertyRuns(bounded, env.FC_RUNS);
const HOST = 'blog.example.com';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE64 = `${ALNUM}+/`;
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/** A request as parts, so a copy can differ from the signed one in exactly one place. */
interface Parts {
  method: string;
  host: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

function toRequest(parts: Parts): Request {
  const url = `https://${parts.host}${parts.path}${parts.query === '' ? '' : `?${parts.query}`}`;
  const withBody = parts.method !== 'GET';
  return new Request(url, { method: parts.method, headers: parts.headers, ...(withBody ? { body: parts.body } : {}) });
}

/** Signed requests of every shape the API takes. */
const original = fc.oneof(
  fc
    .record({
      limit: fc.integer({ min: 1, max: 100 }),
      sort_by: fc.constantFrom('created_at', 'view_count', 'content_score'),
      key: fc.option(fc.stringMatching(/^[A-Za-z0-9]{4,24}$/), { nil: undefined }),
    })
    .map(({ limit, sort_by, key }) => ({
      method: 'POST',
      path: '/api/content/generate',
      query: '',
      body: JSON.stringify({ date_range: { start: '2026-11-09', end: '2026-11-09' }, limit, sort_by }),
      extra: (key === undefined ? {} : { 'idempotency-key': key }) as Record<string, string>,
    })),
  fc.stringMatching(/^[a-z_]{3,12}=[A-Za-z0-9]{1,8}$/).map((query) => ({
    method: 'GET',
    path: '/api/content/items',
    query: query.startsWith('limit') ? query : 'limit=3',
    body: '',
    extra: {},
  })),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{4,30}$/).map((id) => ({
    method: 'GET',
    path: `/api/content/items/twitch-${id}`,
    query: '',
    body: '',
    extra: {},
  })),
  fc
    .constantFrom('GET', 'POST')
    .map((method) => ({ method, path: '/api/content/ping', query: '', body: '', extra: {} })),
);

async function sign(shape: {
  method: string;
  path: string;
  query: string;
  body: string;
  extra: Record<string, string>;
}) {
  const url = `https://${HOST}${shape.path}${shape.query === '' ? '' : `?${shape.query}`}`;
  const headers = await signRequest({
    method: shape.method,
    url,
    headers: shape.extra,
    body: shape.body,
    keyId: 'client-a',
    secret: KEYS['client-a'],
    created: Math.floor(T0 / 1000),
    nonce: crypto.randomUUID(),
  });
  return { method: shape.method, host: HOST, path: shape.path, query: shape.query, headers, body: shape.body };
}

/** `text` with the character at `at` replaced by a different one from `alphabet`. */
function flip(text: string, at: number, alphabet: string, pick: number): string {
  const index = at % text.length;
  const choices = [...alphabet].filter((c) => c !== text[index] && c.toLowerCase() !== text[index]?.toLowerCase());
  const replacement = choices[pick % choices.length] ?? '';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

type Tamper = (parts: Parts, at: number, pick: number) => Parts | null;

/** One change per kind; `null` when the kind does not apply to this request. */
const TAMPERS: Record<string, Tamper> = {
  method: (p) =>
    p.path === '/api/content/ping' ? { ...p, method: p.method === 'GET' ? 'POST' : 'GET', body: '' } : null,
  authority: (p, at, pick) => ({ ...p, host: flip(p.host, at, 'abcdefghijklmnopqrstuvwxyz0123456789', pick) }),
  path: (p, at, pick) => {
    const prefix = '/api/content/items/twitch-';
    if (!p.path.startsWith(prefix)) return null;
    return { ...p, path: prefix + flip(p.path.slice(prefix.length), at, ALNUM, pick) };
  },
  query: (p, at, pick) =>
    p.query === '' ? { ...p, query: 'page=1' } : { ...p, query: flip(p.query, at, ALNUM, pick) },
  body: (p, at, pick) => (p.body === '' ? null : { ...p, body: flip(p.body, at, PRINTABLE, pick) }),
  contentDigest: (p, at, pick) => withHeader(p, 'content-digest', (v) => flipInside(v, at, BASE64, pick, 'sha-256=:')),
  contentType: (p, at, pick) => withHeader(p, 'content-type', (v) => flip(v, at, ALNUM, pick)),
  idempotencyKey: (p, at, pick) => withHeader(p, 'idempotency-key', (v) => flip(v, at, ALNUM, pick)),
  signatureInput: (p, at, pick) => withHeader(p, 'signature-input', (v) => flip(v, at, PRINTABLE.trim(), pick)),
  // Only the first 42 of the 44 base64 characters of a 32-byte MAC are all significant: the 43rd
  // also carries two padding bits (and the 44th is `=`), so some changes there decode the same.
  signature: (p, at, pick) =>
    withHeader(p, 'signature', (v) => `sig1=:${flip(v.slice(6, 6 + 42), at, BASE64, pick)}${v.slice(6 + 42)}`),
};

function withHeader(parts: Parts, name: string, change: (value: string) => string): Parts | null {
  const value = parts.headers[name];
  if (value === undefined) return null;
  return { ...parts, headers: { ...parts.headers, [name]: change(value) } };
}

/** Flips a character after `prefix` and before the closing `:`. */
function flipInside(value: string, at: number, alphabet: string, pick: number, prefix: string): string {
  const inner = value.slice(prefix.length, -1);
  return `${prefix}${flip(inner, at, alphabet, pick)}:`;
}

describe('signed requests changed after signing', { timeout: propertyTimeout(runs(200)) }, () => {
  it('are refused with 401 whatever byte changed, store nothing, and leave the original acceptable', async () => {
    const api = harness();
    const queue = countQueued(api);
    await fc.assert(
      fc.asyncProperty(
        original,
        fc.constantFrom(...Object.keys(TAMPERS)),
        fc.nat(),
        fc.nat(),
        async (shape, kind, at, pick) => {
          const parts = await sign(shape);
          const tampered = TAMPERS[kind]?.(parts, at, pick) ?? null;
          fc.pre(tampered !== null);
          if (tampered === null) return;
          const before = await storedState(queue);
          const refused = await api.send(toRequest(tampered));
          const problem = await expectWellFormedAnswer(refused);
          expect(refused.status, `${kind}: ${JSON.stringify(problem)}`).toBe(401);
          expect(await storedState(queue)).toEqual(before);

          const accepted = await api.send(toRequest(parts));
          expect(accepted.status, `the original after a ${kind} change`).not.toBe(401);
          expect((await storedState(queue)).nonces).toBe(before.nonces + 1);
        },
      ),
      { numRuns: runs(200) },
    );
  });
});
