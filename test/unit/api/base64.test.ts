import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../core/encoding/base64.ts';

describe('base64 decoding is canonical', () => {
  it('refuses non-zero bits past the last byte, so one MAC has one spelling', () => {
    expect(fromBase64('AQ==')).toEqual(new Uint8Array([1]));
    expect(fromBase64('AR==')).toBeNull();
    expect(fromBase64('AQI=')).toEqual(new Uint8Array([1, 2]));
    expect(fromBase64('AQJ=')).toBeNull();
    // A 32-byte HMAC: 43 characters and one "=", the last character carrying 2 spare bits.
    const mac = toBase64(new Uint8Array(32).fill(255));
    expect(fromBase64(mac)).toEqual(new Uint8Array(32).fill(255));
    expect(fromBase64(`${mac.slice(0, 42)}/=`)).toBeNull();
  });

  it('round-trips every byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
      }),
    );
  });
});

describe('base64 encoding', () => {
  it('matches RFC 4648 §10 and Node across chunk boundaries (clip audio is megabytes)', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => toBase64(text(s)))).toEqual([
      '',
      'Zg==',
      'Zm8=',
      'Zm9v',
      'Zm9vYg==',
      'Zm9vYmE=',
      'Zm9vYmFy',
    ]);
    const audio = new Uint8Array(3 * 0x8000 + 7).map((_, i) => (i * 31 + 7) & 0xff);
    expect(toBase64(audio)).toBe(Buffer.from(audio).toString('base64'));
  });
});
