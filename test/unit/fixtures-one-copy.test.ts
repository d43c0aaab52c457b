import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ROOT } from '../fixtures/load.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

function jsonFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('the sample world has one copy', () => {
  it('keeps no file of pipeline/sample also in test/fixtures', () => {
    const sample = jsonFiles(SAMPLE_ROOT);
    expect(sample.length).toBeGreaterThan(30);
    const fixtures = new Set(jsonFiles(FIXTURES));
    expect(sample.filter((path) => fixtures.has(path))).toEqual([]);
  });
});
