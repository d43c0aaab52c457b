import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../../site/lib/api/deps.ts';
import { harness, ORIGIN, read, signed } from './harness.ts';

/** A request whose URL is exactly the target a client sent, as an HTTP server hands it over unparsed. */
function asSent(request: Request, rawUrl: string): Request {
  Object.defineProperty(request, 'url', { value: rawUrl });
  return request;
}

/** The rate-limiting binding's behaviour: at most `limit` calls per key (one window). */
function memoryLimiter(limit: number): RateLimiter & { calls: string[] } {
  const counts = new Map<string, number>();
  const calls: string[] = [];
  return {
    calls,
    async limit({ key }) {
      calls.push(key);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return { success: n <= limit };
    },
  };
}

describe('non-canonical request targets, checked as sent', () => {
  it.each([
    '/api/./content/ping',
    '/api/content/./ping',
    '/api/%2e/content/ping',
    '/api/content/%2E%2E/content/ping',
    '/api/x/../content/ping',
    '//api/content/ping',
    '/api//content/ping',
  ])('answers %s with 400 non_canonical_path before verifying anything', async (target) => {
    const api = harness();
    const request = asSent(await signed({ path: '/api/content/ping' }), `${ORIGIN}${target}`);
    const response = await api.send(request);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await read(response)).toMatchObject({ status: 400, body: { code: 'non_canonical_path' } });
  });

  it('still answers the canonical target', async () => {
    const api = harness();
    const request = asSent(await signed({ path: '/api/content/ping' }), `${ORIGIN}/api/content/ping`);
    expect((await api.send(request)).status).toBe(200);
  });
});

describe('the cross-site POST guard', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'answers a cross-site %s POST with a 403 problem',
    async (contentType) => {
      const api = harness();
      const request = new Request(`${ORIGIN}/api/content/generate`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': contentType },
        body: 'a=1',
      });
      const response = await api.send(request);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await read(response)).toMatchObject({ status: 403, body: { code: 'cross_site_forbidden' } });
    },
  );

  it('lets a signed JSON request from another origin through to authentication', async () => {
    const api = harness();
    const request = await signed({
      path: '/api/content/ping',
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', origin: 'https://app.example' },
    });
    expect((await api.send(request)).status).toBe(200);
  });
});

describe('throttling clients that fail authentication', () => {
  it('answers a flood of bad signatures from one client 429, and not the healthy client', async () => {
    const api = harness();
    const limiter = memoryLimiter(5);
    api.deps.authFailureLimiter = limiter;
    const from = async (ip: string, secret?: string, nonce?: string) => {
      const request = await signed({
        path: '/api/content/ping',
        ...(secret ? { secret } : {}),
        ...(nonce ? { nonce } : {}),
      });
      const headers = new Headers(request.headers);
      headers.set('cf-connecting-ip', ip);
      return api.send(new Request(request.url, { method: request.method, headers }));
    };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await from('203.0.113.9', 'wrong-secret-0123456789abcdef')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const throttled = await from('203.0.113.9', 'wrong-secret-0123456789abcdef');
    expect(throttled.headers.get('content-type')).toBe('application/problem+json');
    expect(throttled.headers.get('retry-after')).toBe('60');
    expect(await read(throttled)).toMatchObject({ status: 429, body: { code: 'too_many_failures' } });

    for (let i = 0; i < 10; i++) expect((await from('198.51.100.7')).status).toBe(200);
    // Good requests are never counted, so they cost the flooding client nothing either.
    expect(limiter.calls.every((key) => key.endsWith('203.0.113.9'))).toBe(true);
  });
});
