import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';
import { harness, ORIGIN, ROUTE_PATHS, signed } from './harness.ts';

const PATHS = [...ROUTE_PATHS, '/api/nope'];
const HEADER_NAMES = ['signature', 'signature-input', 'content-digest', 'content-type', 'idempotency-key', 'x-other'];
const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => s.replace(/[\r\n\0]/g, '')),
  fc.constantFrom('sig1=:AAAA:', 'sig1=("@method");created=1;keyid="client-a";nonce="n"', 'sha-256=:x:', '"k"', ''),
);
const jsonish = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constant('{"date_range":{"start":"2026-11-09","end":"2026-11-09"},"limit":"x"}'),
);

describe('no malformed input produces a 5xx', { timeout: propertyTimeout(propertyRuns(300, env.FC_RUNS)) }, () => {
  it('for random headers, methods, paths and bodies, unsigned', async () => {
    const api = harness();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.constantFrom(...PATHS),
        fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue),
        jsonish,
        async (method, path, headers, body) => {
          const request = new Request(`${ORIGIN}${path}`, {
            method,
            headers,
            ...(method === 'GET' ? {} : { body }),
          });
          const response = await api.send(request);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: propertyRuns(300, env.FC_RUNS) },
    );
  });

  it('for validly signed requests carrying random bodies, query strings and idempotency keys', async () => {
    const api = harness();
    await fc.assert(
      fc.asyncProperty(
        jsonish,
        fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s).replace(/%3D/g, '=').replace(/%26/g, '&')),
        fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /^[\x20-\x7e]+$/.test(s))),
        async (body, query, key) => {
          const headers: Record<string, string> = key === null ? {} : { 'idempotency-key': key };
          const post = await signed({ path: '/api/content/generate', body, headers });
          expect((await api.send(post)).status).toBeLessThan(500);
          const get = await signed({ path: `/api/content/items?${query}` });
          expect((await api.send(get)).status).toBeLessThan(500);
        },
      ),
      { numRuns: propertyRuns(200, env.FC_RUNS) },
    );
  });
});
