/**
 * Writes the JSON Schema files (`docs/schemas/<Name>.schema.json`) and the OpenAPI document
 * (`docs/openapi.json`) generated from the zod schemas in `core/`.
 *
 *   node scripts/generate-schemas.ts           write what changed, delete stale schema files
 *   node scripts/generate-schemas.ts --check   write nothing; exit 1 listing each out-of-date file
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles, SCHEMA_DIR } from '../core/openapi/generated-files.ts';

export interface Drift {
  path: string;
  problem: 'missing' | 'out of date' | 'not generated';
}

/** How the files under `root` differ from `expected` (repository-relative path → contents). */
export function findDrift(root: string, expected: Record<string, string>): Drift[] {
  const drift: Drift[] = [];
  for (const [path, contents] of Object.entries(expected)) {
    const absolute = join(root, path);
    if (!existsSync(absolute)) drift.push({ path, problem: 'missing' });
    else if (readFileSync(absolute, 'utf8') !== contents) drift.push({ path, problem: 'out of date' });
  }
  for (const path of schemaFilesOnDisk(root)) {
    if (!(path in expected)) drift.push({ path, problem: 'not generated' });
  }
  return drift.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Brings the files under `root` in line with `expected`; returns what changed. */
export function applyDrift(root: string, expected: Record<string, string>): Drift[] {
  const drift = findDrift(root, expected);
  for (const { path, problem } of drift) {
    const absolute = join(root, path);
    if (problem === 'not generated') {
      rmSync(absolute);
    } else {
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, expected[path] ?? '');
    }
  }
  return drift;
}

function schemaFilesOnDisk(root: string): string[] {
  const dir = join(root, SCHEMA_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.schema.json'))
    .map((name) => `${SCHEMA_DIR}/${name}`);
}

export function main(args: readonly string[], root: string, out: (line: string) => void = console.log): number {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    out(`generate-schemas: unknown option ${unknown[0]}; usage: node scripts/generate-schemas.ts [--check]`);
    return 2;
  }
  const expected = generatedFiles();
  if (args.includes('--check')) {
    const drift = findDrift(root, expected);
    for (const { path, problem } of drift) out(`${path}: ${problem}; run \`npm run schemas\` and commit the result`);
    return drift.length === 0 ? 0 : 1;
  }
  const changed = applyDrift(root, expected);
  for (const { path, problem } of changed) out(`${problem === 'not generated' ? 'deleted' : 'wrote'} ${path}`);
  out(`generate-schemas: ${Object.keys(expected).length} files, ${changed.length} changed`);
  return 0;
}

if (import.meta.main) {
  process.exitCode = main(process.argv.slice(2), join(import.meta.dirname, '..'));
}
