import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatedFiles, OPENAPI_FILE, SCHEMA_DIR } from '../core/openapi/generated-files.ts';
import { main } from './generate-schemas.ts';

let root: string;
let lines: string[];
const run = (...args: string[]) => main(args, root, (line) => lines.push(line));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'streamlog-schemas-'));
  lines = [];
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('generate-schemas', () => {
  const expected = generatedFiles();

  it('writes every generated file with the exact generated contents', () => {
    expect(run()).toBe(0);
    for (const [path, contents] of Object.entries(expected)) {
      expect(readFileSync(join(root, path), 'utf8')).toBe(contents);
    }
  });

  it('--check passes right after generating, and a second run changes nothing', () => {
    run();
    lines = [];
    expect(run('--check')).toBe(0);
    expect(lines).toEqual([]);
    expect(run()).toBe(0);
    expect(lines).toEqual([`generate-schemas: ${Object.keys(expected).length} files, 0 changed`]);
  });

  it('--check exits 1 with one line per stale file and writes nothing', () => {
    run();
    writeFileSync(join(root, OPENAPI_FILE), '{}\n');
    rmSync(join(root, SCHEMA_DIR, 'Job.schema.json'));
    writeFileSync(join(root, SCHEMA_DIR, 'Old.schema.json'), '{}\n');
    lines = [];
    expect(run('--check')).toBe(1);
    expect(lines).toEqual([
      `${OPENAPI_FILE}: out of date; run \`npm run schemas\` and commit the result`,
      `${SCHEMA_DIR}/Job.schema.json: missing; run \`npm run schemas\` and commit the result`,
      `${SCHEMA_DIR}/Old.schema.json: not generated; run \`npm run schemas\` and commit the result`,
    ]);
    expect(readFileSync(join(root, OPENAPI_FILE), 'utf8')).toBe('{}\n');
  });

  it('brings stale files back and deletes schema files nothing generates', () => {
    run();
    writeFileSync(join(root, OPENAPI_FILE), '{}\n');
    writeFileSync(join(root, SCHEMA_DIR, 'Old.schema.json'), '{}\n');
    expect(run()).toBe(0);
    expect(run('--check')).toBe(0);
    expect(() => readFileSync(join(root, SCHEMA_DIR, 'Old.schema.json'))).toThrow();
  });

  it('refuses an unknown option with exit code 2', () => {
    expect(run('--write')).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--write');
  });
});
