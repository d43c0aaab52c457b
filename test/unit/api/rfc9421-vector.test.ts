import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../core/encoding/base64.ts';
import { serializeInnerList } from '../../../core/signing/serialize.ts';
import { signMessage } from '../../../core/signing/sign.ts';
import { type MessageView, signatureBase } from '../../../core/signing/signature-base.ts';
import { parseDictionary } from '../../../core/signing/structured-fields.ts';

// RFC 9421 Appendix B.2 test request and the B.2.5 hmac-sha256 example (key "test-shared-secret").
const request: MessageView = {
  method: 'POST',
  scheme: 'https',
  authority: 'example.com',
  path: '/foo',
  query: 'param=Value&Pet=dog',
  header: (name) =>
    ({
      date: 'Tue, 20 Apr 2021 02:07:55 GMT',
      'content-type': 'application/json',
      'content-digest':
        'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
      'content-length': '18',
    })[name] ?? null,
};
const SHARED_SECRET = 'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==';
const SIGNATURE_INPUT = 'sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"';
const SIGNATURE = 'sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:';
const BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@authority": example.com',
  '"content-type": application/json',
  '"@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"',
].join('\n');

const hmac = (base: string) =>
  new Uint8Array(createHmac('sha256', Buffer.from(SHARED_SECRET, 'base64')).update(base).digest());

describe('RFC 9421 Appendix B.2.5', () => {
  it('reproduces the signature base from the Signature-Input header', () => {
    const params = parseDictionary(SIGNATURE_INPUT).get('sig-b25');
    if (params?.kind !== 'inner-list') throw new Error('expected an inner list');
    expect(signatureBase(request, params)).toBe(BASE);
    expect(`sig-b25=${serializeInnerList(params)}`).toBe(SIGNATURE_INPUT);
  });

  it('reproduces the signature value', () => {
    const signature = parseDictionary(SIGNATURE).get('sig-b25');
    expect(signature?.kind === 'item' && signature.value).toEqual({ type: 'bytes', value: toBase64(hmac(BASE)) });
    expect(toBase64(hmac(BASE))).toBe('pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=');
  });

  it('decodes and re-encodes the shared secret losslessly', () => {
    const bytes = fromBase64(SHARED_SECRET);
    expect(bytes).not.toBeNull();
    expect(toBase64(bytes ?? new Uint8Array())).toBe(SHARED_SECRET);
  });

  it('signs the profile form deterministically for fixed created and nonce', async () => {
    const options = { keyId: 'local', nonce: 'n-1', created: 1618884473, components: ['@method', '@path', '@query'] };
    const a = await signMessage(request, options, async (base) => hmac(base));
    const b = await signMessage(request, options, async (base) => hmac(base));
    expect(a).toEqual(b);
    expect(a.signatureInput).toBe(
      'sig1=("@method" "@path" "@query");created=1618884473;keyid="local";nonce="n-1";alg="hmac-sha256"',
    );
    expect(a.signatureBase.split('\n').slice(0, 3)).toEqual([
      '"@method": POST',
      '"@path": /foo',
      '"@query": ?param=Value&Pet=dog',
    ]);
  });
});
