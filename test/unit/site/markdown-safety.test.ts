import { describe, expect, it } from 'vitest';
import { isSafeUrl } from '../../../site/lib/markdown-safety.ts';

describe('isSafeUrl', () => {
  it.each([
    'https://github.com/codewithmara/payments-api/pull/42',
    'http://localhost:8787/',
    'mailto:mara@example.com',
    '/posts/some-post/',
    '../relative',
    '#clips',
    '?page=2',
    'docs/a:b',
  ])('allows %s', (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
  ])('rejects %j', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });
});
