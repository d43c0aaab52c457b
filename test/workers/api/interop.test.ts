import { createSigner, httpbis } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../core/encoding/base64.ts';
import { harness, KEYS, ORIGIN, read, T0 } from './harness.ts';

/** Signs with the npm package `http-message-signatures`, as an independent client would. */
async function signWithPackage(method: string, path: string, body: string, extra: Record<string, string> = {}) {
  const url = `${ORIGIN}${path}`;
  const headers: Record<string, string> = {
    'content-digest': `sha-256=:${toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))))}:`,
    ...extra,
  };
  const fields = ['@method', '@authority', '@path', '@query', 'content-digest', ...Object.keys(extra)];
  const signedMessage = await httpbis.signMessage(
    {
      key: createSigner(KEYS['client-a'], 'hmac-sha256', 'client-a'),
      fields,
      params: ['created', 'keyid', 'nonce', 'alg'],
      paramValues: { created: new Date(T0), nonce: `pkg-${Math.random()}` },
    },
    { method, url, headers },
  );
  return new Request(url, {
    method,
    headers: signedMessage.headers as Record<string, string>,
    ...(method === 'GET' ? {} : { body }),
  });
}

describe('interoperability with http-message-signatures', () => {
  it('accepts a GET signed by the package', async () => {
    const api = harness();
    const response = await api.send(await signWithPackage('GET', '/api/content/items?limit=2', ''));
    expect(response.status).toBe(200);
  });

  it('accepts a POST with an idempotency key signed by the package', async () => {
    const api = harness();
    const body = JSON.stringify({ date_range: { start: '2026-11-09', end: '2026-11-09' } });
    const request = await signWithPackage('POST', '/api/content/generate', body, {
      'content-type': 'application/json',
      'idempotency-key': 'pkg-key-1',
    });
    expect((await read(await api.send(request))).status).toBe(200);
  });

  it('still refuses a package-signed POST that leaves out content-type', async () => {
    const api = harness();
    const request = await signWithPackage('POST', '/api/content/ping', '{}');
    const withType = new Request(request, {
      headers: { ...Object.fromEntries(request.headers), 'content-type': 'application/json' },
    });
    expect((await read(await api.send(withType))).body).toMatchObject({
      code: 'component_not_covered',
      field: 'content-type',
    });
  });
});
