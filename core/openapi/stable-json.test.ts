import { describe, expect, it } from 'vitest';
import { sortKeys, stableJson } from './stable-json.ts';

describe('stableJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [3, 1, 2], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [3, 1, 2]\n  },\n  "b": 1\n}\n',
    );
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    expect(stableJson({ x: 1, y: { p: true, q: 'a' } })).toBe(stableJson({ y: { q: 'a', p: true }, x: 1 }));
  });

  it('ends with exactly one newline', () => {
    expect(stableJson([])).toBe('[]\n');
    expect(stableJson({})).toBe('{}\n');
  });

  it('always expands objects, also inside arrays', () => {
    expect(stableJson({ anyOf: [{ $ref: '#/a' }] })).toBe(
      '{\n  "anyOf": [\n    {\n      "$ref": "#/a"\n    }\n  ]\n}\n',
    );
  });

  it('puts an array of primitives on one line only while the line fits in 120 columns', () => {
    const short = stableJson({ enum: ['a', 'b'] });
    expect(short).toBe('{\n  "enum": ["a", "b"]\n}\n');
    const words = Array.from({ length: 12 }, (_, i) => `value-number-${i}`);
    const long = stableJson({ enum: words });
    // `{`, `"enum": [`, one line per word, `]`, `}` and the empty string after the final newline.
    expect(long.split('\n')).toHaveLength(words.length + 5);
    for (const line of long.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('counts the trailing comma when deciding whether a line fits', () => {
    // 2 spaces + `"k": ` + a 113-character array is 120 columns; the comma before `"z"` makes it 121.
    const array = ['x'.repeat(109)];
    expect(JSON.stringify(array)).toHaveLength(113);
    expect(stableJson({ k: array, z: 1 })).toContain('"k": [\n');
    expect(stableJson({ k: array })).not.toContain('"k": [\n');
  });

  it('escapes strings as JSON does and round-trips', () => {
    const value = { pattern: '^[\\x21-\\x7e]+$', text: 'line\r\n"quoted" 🇲🇽 <script>' };
    expect(JSON.parse(stableJson(value))).toEqual(value);
  });
});

describe('sortKeys', () => {
  it('does not change scalars or array order', () => {
    expect(sortKeys([3, 'a', null, { b: 1, a: 2 }])).toEqual([3, 'a', null, { a: 2, b: 1 }]);
    expect(Object.keys(sortKeys({ b: 1, a: 2 }) as object)).toEqual(['a', 'b']);
  });
});
