import { COMPONENT_REF, convertComponents, type JsonSchema, mapRefs, referencedIds } from './components.ts';
import { openApiDocument } from './document.ts';
import { stableJson } from './stable-json.ts';

/** The concepts published as standalone JSON Schema files, `docs/schemas/<Name>.schema.json`. */
export const SCHEMA_FILE_NAMES = [
  'ContentItem',
  'Transcript',
  'GitHubContext',
  'PostFrontmatter',
  'ContentGenerationRequest',
  'ContentGenerationResponse',
  'Job',
  'QueueMessage',
  'RunRecord',
] as const;

export const SCHEMA_DIR = 'docs/schemas';
export const OPENAPI_FILE = 'docs/openapi.json';

const DEFS_REF = '#/$defs/';

/**
 * Standalone JSON Schema (draft 2020-12) documents, one per concept. Each accepts what `X.parse`
 * accepts (zod input: defaults optional, unknown keys tolerated unless the schema is strict), minus
 * refinements JSON Schema cannot express (e.g. `date_range.start` not after `end`). Shared parts
 * are in `$defs`.
 */
export function jsonSchemaFiles(): Record<string, JsonSchema> {
  const input = convertComponents('input');
  const files: Record<string, JsonSchema> = {};
  for (const name of SCHEMA_FILE_NAMES) {
    const root = input[name];
    if (root === undefined) throw new Error(`${name} is not a registered component`);
    const defs: Record<string, JsonSchema> = {};
    const pending = [...referencedIds(root)];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      const def = input[id];
      if (id in defs || id === name || def === undefined) continue;
      defs[id] = toDefs(def);
      pending.push(...referencedIds(def));
    }
    files[name] = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: name,
      ...toDefs(root),
      ...(Object.keys(defs).length > 0 ? { $defs: defs } : {}),
    };
  }
  return files;
}

function toDefs(schema: JsonSchema): JsonSchema {
  return mapRefs(schema, (ref) =>
    ref.startsWith(COMPONENT_REF) ? `${DEFS_REF}${ref.slice(COMPONENT_REF.length)}` : ref,
  );
}

/** Every generated file, path relative to the repository root → exact contents. */
export function generatedFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, schema] of Object.entries(jsonSchemaFiles())) {
    files[`${SCHEMA_DIR}/${name}.schema.json`] = stableJson(schema);
  }
  files[OPENAPI_FILE] = stableJson(openApiDocument());
  return files;
}
