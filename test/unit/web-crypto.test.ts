import { describe, expect, it } from 'vitest';
import { sha256Hex, signHmacSha256, verifyHmacSha256 } from '../../store/web-crypto.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('sha256Hex', () => {
  it('is the lower-case hex digest of text and of the same bytes (FIPS 180-2 "abc")', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex('abc')).toBe(abc);
    expect(await sha256Hex(utf8('abc'))).toBe(abc);
    expect(await sha256Hex(utf8('abc').buffer)).toBe(abc);
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('HMAC-SHA256 signatures (sha256=<hex>)', () => {
  // RFC 4231 test case 2.
  const key = 'Jefe';
  const message = 'what do ya want for nothing?';
  const expected = 'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

  it('signs the RFC 4231 known answer', async () => {
    expect(await signHmacSha256(key, message)).toBe(expected);
    expect(await signHmacSha256(key, utf8(message))).toBe(expected);
  });

  it('verifies under any of the secrets, so a secret can rotate, and skips empty ones', async () => {
    expect(await verifyHmacSha256([key], utf8(message), expected)).toBe(true);
    expect(await verifyHmacSha256(['new secret', key], utf8(message), expected)).toBe(true);
    expect(await verifyHmacSha256(['', key], utf8(message), expected)).toBe(true);
    expect(await verifyHmacSha256(['another secret'], utf8(message), expected)).toBe(false);
    expect(await verifyHmacSha256([''], utf8(message), expected)).toBe(false);
    expect(await verifyHmacSha256([], utf8(message), expected)).toBe(false);
  });

  it('checks the exact bytes', async () => {
    expect(await verifyHmacSha256([key], utf8(`${message} `), expected)).toBe(false);
  });

  it('accepts upper-case hex and surrounding whitespace, nothing else', async () => {
    expect(await verifyHmacSha256([key], message, `sha256=${expected.slice(7).toUpperCase()}`)).toBe(true);
    expect(await verifyHmacSha256([key], message, ` ${expected} `)).toBe(true);
    const flipped = `${expected.slice(0, -1)}${expected.endsWith('3') ? '4' : '3'}`;
    for (const header of [null, '', 'sha256=', 'sha256=zz', 'sha1=00', expected.slice(7), `${expected}00`, flipped]) {
      expect(await verifyHmacSha256([key], message, header)).toBe(false);
    }
  });
});
