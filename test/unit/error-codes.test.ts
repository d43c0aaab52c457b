import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../../core/errors.ts';

const root = join(import.meta.dirname, '../..');
const SOURCE_DIRS = ['core', 'pipeline', 'site', 'store', 'scripts', 'client'];
const SKIPPED_DIRS = new Set(['node_modules', '.wrangler', 'dist', '.astro']);

/**
 * Where a snake_case string literal is an error code: thrown, answered, matched or recorded.
 * Typed call sites fail to compile on an unknown code already; these patterns also catch the
 * stored ones (`code: '…'` in job, item and run records, dead-letter reasons), which are plain strings.
 */
const CODE_PATTERNS = [
  /new StreamlogError\(\s*'([a-z0-9_]+)'/g,
  /isStreamlogError\([^,()]+,\s*'([a-z0-9_]+)'\)/g,
  /errorCodeOf\([^,()]+,\s*'([a-z0-9_]+)'\)/g,
  /\bproblem(?:Document)?\(\s*(?:\d{3},\s*)?'([a-z0-9_]+)'/g,
  /\b(?:error_)?code:\s*'([a-z0-9_]+)'/g,
  /\bcode\s*\?\?\s*'([a-z0-9_]+)'/g,
  /\berror\??\.code\s*===\s*'([a-z0-9_]+)'/g,
  /(?:DeadLetter|deadLetters\.record)\([^;]*?'([a-z0-9_]+)'\s*\)/g,
];

/** Every code literal in a source text, by the patterns above. */
function codeLiterals(source: string): string[] {
  return CODE_PATTERNS.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    const isSource = /\.(ts|astro|mjs)$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name);
    return isSource ? [path] : [];
  });
}

describe('the one error table', () => {
  it('finds the codes in the ways code throws, answers and records them, unknown ones included', () => {
    const fixture = [
      `throw new StreamlogError('not_found', 'no such item');`,
      `return problem('made_up_code', 'detail');`,
      `return problem(418, 'teapot_code', 'detail');`,
      `const document = problemDocument('another_made_up', 'detail');`,
      `await jobs.fail(id, { code: 'generation_exploded', message: 'no' }, now);`,
      `if (error.code === 'queue_unavailable') return;`,
      `failures.push({ code: item.error?.code ?? 'internal_error' });`,
      `await recordDeadLetter(env.DB, queue, message, 'mystery_reason');`,
      `await deps.deadLetters.record(queue, message, 'lost_reason');`,
    ].join('\n');
    const found = codeLiterals(fixture);
    expect(found.sort()).toEqual(
      [
        'another_made_up',
        'generation_exploded',
        'internal_error',
        'lost_reason',
        'made_up_code',
        'mystery_reason',
        'not_found',
        'queue_unavailable',
        'teapot_code',
      ].sort(),
    );
    expect(found.filter((code) => !isErrorCode(code)).sort()).toEqual(
      ['another_made_up', 'generation_exploded', 'lost_reason', 'made_up_code', 'mystery_reason', 'teapot_code'].sort(),
    );
  });

  it('lists every code the source throws, answers or records', () => {
    const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(join(root, dir)));
    const unknown = files.flatMap((file) =>
      codeLiterals(readFileSync(file, 'utf8'))
        .filter((code) => !isErrorCode(code))
        .map((code) => `${relative(root, file)}: ${code}`),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(unknown).toEqual([]);
  });
});
