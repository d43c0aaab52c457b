import { createHmac } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../client/sign-request.ts';

const SECRET = 'a-client-secret-0123456789';

async function verifyWithPackage(url: string, method: string, headers: Record<string, string>, secret = SECRET) {
  return httpbis.verifyMessage(
    {
      keyLookup: async (params) =>
        params.keyid === 'local'
          ? {
              id: 'local',
              algs: ['hmac-sha256'],
              verify: async (data, signature) => createHmac('sha256', secret).update(data).digest().equals(signature),
            }
          : null,
      requiredFields: ['@method', '@authority', '@path', '@query', 'content-digest'],
      requiredParams: ['created', 'keyid', 'nonce'],
    },
    { method, url, headers },
  );
}

describe('the project client, verified by http-message-signatures', () => {
  it('signs a POST with content-type and idempotency-key that the package verifies', async () => {
    const url = 'http://localhost:8787/api/content/generate';
    const headers = await signRequest({
      method: 'POST',
      url,
      body: '{"date_range":{"start":"2026-11-09","end":"2026-11-09"}}',
      headers: { 'Idempotency-Key': 'k-1' },
      keyId: 'local',
      secret: SECRET,
    });
    expect(headers['signature-input']).toContain('"content-type" "idempotency-key"');
    expect(await verifyWithPackage(url, 'POST', headers)).toBe(true);
  });

  it('signs a GET with a query that the package verifies, and that fails under another secret', async () => {
    const url = 'http://localhost:8787/api/content/items?start=2026-11-09&end=2026-11-09&content_tags=laravel,vue';
    const headers = await signRequest({ method: 'GET', url, keyId: 'local', secret: SECRET });
    expect(headers['content-digest']).toBe('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:');
    expect(await verifyWithPackage(url, 'GET', headers)).toBe(true);
    expect(await verifyWithPackage(url, 'GET', headers, 'another-secret-0123456789')).toBe(false);
  });
});
