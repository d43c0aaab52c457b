import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../core/encoding/base64.ts';
import { serializeInnerList, serializeItem } from '../../../core/signing/serialize.ts';
import {
  type BareItem,
  type InnerList,
  parseDictionary,
  StructuredFieldError,
} from '../../../core/signing/structured-fields.ts';

const key = fc.stringMatching(/^[a-z][a-z0-9_.*-]{0,10}$/);
const bareItem: fc.Arbitrary<BareItem> = fc.oneof(
  fc.integer({ min: -999_999_999, max: 999_999_999 }).map((value) => ({ type: 'integer' as const, value })),
  fc.stringMatching(/^[\x20-\x7e]{0,20}$/).map((value) => ({ type: 'string' as const, value })),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9:/._-]{0,10}$/).map((value) => ({ type: 'token' as const, value })),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ type: 'bytes' as const, value: toBase64(bytes) })),
  fc.boolean().map((value) => ({ type: 'boolean' as const, value })),
);
const params = fc.uniqueArray(fc.tuple(key, bareItem), { selector: ([k]) => k, maxLength: 4 }).map((e) => new Map(e));
const innerList: fc.Arbitrary<InnerList> = fc.record({
  kind: fc.constant('inner-list' as const),
  items: fc.array(fc.record({ kind: fc.constant('item' as const), value: bareItem, params }), { maxLength: 5 }),
  params,
});

describe('structured fields', () => {
  it('parses a Signature-Input dictionary with parameters of every type', () => {
    const parsed = parseDictionary('sig1=("@method" "x";a);created=1;keyid="k";ok;neg=-5;t=tok, sig2=:AQID:;p=?0');
    const sig1 = parsed.get('sig1');
    expect(sig1?.kind).toBe('inner-list');
    expect(sig1 && serializeInnerList(sig1 as InnerList)).toBe('("@method" "x";a);created=1;keyid="k";ok;neg=-5;t=tok');
    const sig2 = parsed.get('sig2');
    expect(sig2?.kind === 'item' && serializeItem(sig2)).toBe(':AQID:;p=?0');
  });

  it.each([
    'sig1=("a" "b"',
    'sig1=("a"),',
    'Sig=1',
    'a="unterminated',
    'a=:AQID',
    'a=1234567890123456',
    'a="\\x"',
    'a=(1)x',
  ])('rejects %s', (text) => {
    expect(() => parseDictionary(text)).toThrow(StructuredFieldError);
  });

  it('round-trips any inner list through serialise and parse', () => {
    fc.assert(
      fc.property(key, innerList, (label, list) => {
        const text = `${label}=${serializeInnerList(list)}`;
        const again = parseDictionary(text).get(label);
        expect(again && serializeInnerList(again as InnerList)).toBe(serializeInnerList(list));
      }),
    );
  });

  it('only ever throws StructuredFieldError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          parseDictionary(text);
        } catch (error) {
          expect(error).toBeInstanceOf(StructuredFieldError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('base64 agrees with Node for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });
});
