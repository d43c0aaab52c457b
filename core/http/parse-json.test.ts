import { describe, expect, it } from 'vitest';
import { parseJsonOrNull } from './parse-json.ts';

describe('parseJsonOrNull', () => {
  it('parses JSON and answers null for anything else', () => {
    expect(parseJsonOrNull('{"message":"Not Found"}')).toEqual({ message: 'Not Found' });
    expect(parseJsonOrNull('<html>502 Bad Gateway</html>')).toBeNull();
    expect(parseJsonOrNull('{"trunc')).toBeNull();
  });
});
