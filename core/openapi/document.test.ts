import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { githubContextFromFixtures } from '../../test/fixtures/builders.ts';
import { fixture } from '../../test/fixtures/load.ts';
import { newContentItem } from '../content-item/create.ts';
import { ContentGenerationRequest } from '../schemas/content-generation.ts';
import { ContentItem } from '../schemas/content-item.ts';
import { Job } from '../schemas/job.ts';
import { dedupeClips, parseClipsPage } from '../twitch/helix-clip.ts';
import { components, type JsonSchema } from './components.ts';
import { CONTENT_ITEMS_QUERY, openApiDocument, SIGNATURE_SCHEME } from './document.ts';
import { generatedFiles, jsonSchemaFiles, OPENAPI_FILE, SCHEMA_DIR, SCHEMA_FILE_NAMES } from './generated-files.ts';

const doc = openApiDocument() as {
  openapi: string;
  security: unknown;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: string; in: string; name: string; description: string }>;
  };
};

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: { $ref?: string; name?: string; in?: string; style?: string; explode?: boolean }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<
    string,
    { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string } }> }
  >;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, operation]) => ({ path, method, operation })),
);

// ---- A small JSON Schema (2020-12) checker: the keywords zod emits, enough to compare with zod. ----

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`external $ref ${ref}`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`unresolved $ref ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** JSON Pointer paths where `value` breaks `schema`; empty when it is valid. Formats are not checked. */
function check(schema: unknown, value: unknown, root: unknown, at = ''): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [at];
  const s = schema as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof s.$ref === 'string') errors.push(...check(resolvePointer(root, s.$ref), value, root, at));
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value)) errors.push(at);
  if (Array.isArray(s.enum) && !s.enum.includes(value)) errors.push(at);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const actual = typeOf(value);
    const ok = types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)));
    if (!ok) return [...errors, at];
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength) errors.push(at);
    if (typeof s.maxLength === 'number' && length > s.maxLength) errors.push(at);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) errors.push(at);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(at);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(at);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) errors.push(at);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) errors.push(at);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(at);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(at);
    if (s.items !== undefined) {
      for (const [i, entry] of value.entries()) errors.push(...check(s.items, entry, root, `${at}/${i}`));
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    for (const key of (s.required ?? []) as string[]) if (!(key in object)) errors.push(`${at}/${key}`);
    for (const [key, entry] of Object.entries(object)) {
      if (s.propertyNames !== undefined) errors.push(...check(s.propertyNames, key, root, `${at}/${key}`));
      if (key in properties) errors.push(...check(properties[key], entry, root, `${at}/${key}`));
      else if (s.additionalProperties !== undefined)
        errors.push(...check(s.additionalProperties, entry, root, `${at}/${key}`));
    }
  }
  if (Array.isArray(s.allOf)) for (const part of s.allOf) errors.push(...check(part, value, root, at));
  if (Array.isArray(s.anyOf) && !s.anyOf.some((part) => check(part, value, root, at).length === 0)) errors.push(at);
  if (Array.isArray(s.oneOf) && s.oneOf.filter((part) => check(part, value, root, at).length === 0).length !== 1) {
    errors.push(at);
  }
  return errors;
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const entry of value) refsIn(entry, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      if (key === '$ref' && typeof entry === 'string') found.push(entry);
      else refsIn(entry, found);
    }
  }
  return found;
}

const component = (name: string) => ({ $ref: `#/components/schemas/${name}` });

// ---- Samples ----

const validRequest = {
  page: 2,
  limit: 50,
  sort_by: 'content_score',
  sort_order: 'asc',
  date_range: { start: '2026-11-09', end: '2026-11-10T01:41:00Z' },
  filters: {
    categories: ['development'],
    content_tags: ['laravel'],
    min_content_score: 40,
    has_transcript: true,
  },
  content_type: 'daily_recap',
  repository: 'codewithmara/payments-api',
  mode: 'async',
  idempotency_key: 'req-2026-11-09-recap',
};

const fixtureItems = dedupeClips([
  ...parseClipsPage(fixture('twitch/clips-page1.json')).clips,
  ...parseClipsPage(fixture('twitch/clips-page2.json')).clips,
]).map((clip) => ({
  ...newContentItem(clip.facts, '2026-11-10T01:33:00Z'),
  github_context: githubContextFromFixtures(),
}));

describe('openApiDocument', () => {
  it('is an OpenAPI 3.1 document with the 2020-12 dialect', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc).toMatchObject({
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      info: { title: expect.any(String), version: expect.any(String) },
    });
  });

  it('is deterministic', () => {
    expect(openApiDocument()).toEqual(doc);
  });

  it('describes exactly the content API routes of the design', () => {
    expect(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual([
      'GET /api/content/items',
      'GET /api/content/items/{id}',
      'GET /api/content/jobs/{job_id}',
      'GET /api/content/ping',
      'GET /api/content/runs',
      'GET /api/content/runs/{run_id}',
      'GET /api/health',
      'GET /api/openapi.json',
      'POST /api/content/generate',
    ]);
  });

  it('resolves every $ref in the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(() => resolvePointer(doc, ref), ref).not.toThrow();
  });

  it('gives every operation an id, a success response and only documented responses', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { operation } of operations) {
      expect(Object.keys(operation.responses).some((status) => status.startsWith('2'))).toBe(true);
      for (const response of Object.values(operation.responses)) {
        const resolved = (response.$ref ? resolvePointer(doc, response.$ref) : response) as { description?: string };
        expect(resolved.description).toEqual(expect.any(String));
      }
    }
  });

  it('signs every route but health and the document itself', () => {
    expect(doc.security).toEqual([{ [SIGNATURE_SCHEME]: [] }]);
    for (const { path, operation } of operations) {
      const isPublic = path === '/api/health' || path === '/api/openapi.json';
      expect({ path, security: operation.security }).toEqual({ path, security: isPublic ? [] : undefined });
      const headerParams = (operation.parameters ?? []).map((parameter) => parameter.$ref);
      if (!isPublic) expect(headerParams).toContain('#/components/parameters/SignatureInput');
    }
  });

  it('describes the RFC 9421 hmac-sha256 profile as an API key in the Signature header', () => {
    const scheme = doc.components.securitySchemes[SIGNATURE_SCHEME];
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'Signature' });
    for (const word of ['RFC 9421', 'hmac-sha256', 'Signature-Input', 'Content-Digest', 'nonce', 'keyid', '300']) {
      expect(scheme?.description).toContain(word);
    }
  });

  it('takes the generate request as zod input and answers 200, 202 with a Location, and problem+json errors', () => {
    const generate = doc.paths['/api/content/generate']?.post as Operation;
    expect(generate.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: component('ContentGenerationRequestInput') } },
    });
    expect(generate.responses['200']?.content?.['application/json']?.schema).toEqual(
      component('ContentGenerationResponse'),
    );
    expect(generate.responses['202']?.content?.['application/json']?.schema).toEqual(component('Job'));
    expect(generate.responses['202']?.headers).toHaveProperty('Location');
    for (const status of ['400', '401', '409', '413', '415', '422']) {
      const response = resolvePointer(doc, generate.responses[status]?.$ref ?? '') as {
        content: Record<string, { schema: unknown }>;
      };
      expect(response.content).toEqual({ 'application/problem+json': { schema: component('Problem') } });
    }
  });

  it('defines Problem with a stable code and an optional field path', () => {
    expect(doc.components.schemas.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'code', 'detail'],
      properties: { field: { type: 'string' }, code: component('ErrorCode') },
    });
  });

  it('lists the filters, paging, sorting and date bounds as query parameters of GET /api/content/items', () => {
    const list = doc.paths['/api/content/items']?.get as Operation;
    const query = (list.parameters ?? []).filter((parameter) => parameter.in === 'query');
    expect(query.map((parameter) => parameter.name)).toEqual([...CONTENT_ITEMS_QUERY]);
    const status = query.find((parameter) => parameter.name === 'processing_status');
    expect(status).toMatchObject({ style: 'form', explode: false });
  });

  it('keeps $schema and $id out of the components', () => {
    for (const schema of Object.values(doc.components.schemas)) {
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).not.toHaveProperty('$id');
    }
  });
});

describe('the generated schemas agree with zod', () => {
  const objects = [...components._idmap.entries()].filter(([, schema]) => schema instanceof z.ZodObject) as [
    string,
    z.ZodObject,
  ][];

  it.each(objects)('%s requires in its output form exactly the keys zod always returns', (id, schema) => {
    const expected = Object.entries(schema.shape)
      .filter(([, field]) => {
        const missing = (field as z.ZodType).safeParse(undefined);
        return !missing.success || missing.data !== undefined;
      })
      .map(([key]) => key);
    expect(doc.components.schemas[id]?.required ?? []).toEqual(expected);
  });

  it('requires in the request input form only the keys zod cannot default', () => {
    const expected = Object.keys(validRequest).filter((key) => {
      const { [key]: _dropped, ...rest } = validRequest as Record<string, unknown>;
      return !ContentGenerationRequest.safeParse(rest).success;
    });
    expect(expected).toEqual(['date_range']);
    expect(doc.components.schemas.ContentGenerationRequestInput?.required).toEqual(expected);
  });

  it('accepts a valid generate request, both as zod and as JSON Schema', () => {
    expect(ContentGenerationRequest.safeParse(validRequest).success).toBe(true);
    expect(check(component('ContentGenerationRequestInput'), validRequest, doc)).toEqual([]);
    expect(check(component('ContentGenerationRequestInput'), { date_range: validRequest.date_range }, doc)).toEqual([]);
  });

  it.each([
    ['limit above 100', { ...validRequest, limit: 101 }, '/limit'],
    ['an unknown filter key', { ...validRequest, filters: { game_id: '27471' } }, '/filters/game_id'],
    ['an unknown top-level key', { ...validRequest, extra: true }, '/extra'],
    ['a missing date range', { limit: 5 }, '/date_range'],
    ['an unknown sort field', { ...validRequest, sort_by: 'title' }, '/sort_by'],
    ['a bad repository', { ...validRequest, repository: 'nope' }, '/repository'],
  ])('rejects a request with %s, both as zod and as JSON Schema', (_name, request, pointer) => {
    expect(ContentGenerationRequest.safeParse(request).success).toBe(false);
    expect(check(component('ContentGenerationRequestInput'), request, doc)).toContain(pointer);
  });

  it('accepts every fixture ContentItem with the standalone ContentItem.schema.json', () => {
    const file = jsonSchemaFiles().ContentItem;
    expect(fixtureItems).toHaveLength(14);
    for (const item of fixtureItems) {
      expect(ContentItem.safeParse(item).success).toBe(true);
      expect(check(file, item, file)).toEqual([]);
      expect(check(component('ContentItem'), ContentItem.parse(item), doc)).toEqual([]);
    }
  });

  it('rejects, as JSON Schema too, an item zod rejects', () => {
    const file = jsonSchemaFiles().ContentItem;
    const [item] = fixtureItems;
    expect(check(file, { ...item, clip_view_count: -1 }, file)).toEqual(['/clip_view_count']);
    expect(check(file, { ...item, processing_status: 'done' }, file)).toEqual(['/processing_status']);
  });

  it('validates a parsed Job against the output form, and the output form demands the defaults', () => {
    const job = Job.parse({
      job_id: 'job_01JC9',
      job_status: 'queued',
      request: { date_range: { start: '2026-11-09', end: '2026-11-09' } },
      created_at: '2026-11-10T01:41:00Z',
      updated_at: '2026-11-10T01:41:00Z',
    });
    expect(check(component('Job'), job, doc)).toEqual([]);
    const { limit: _limit, ...withoutLimit } = job.request;
    expect(check(component('Job'), { ...job, request: withoutLimit }, doc)).toEqual(['/request/limit']);
  });
});

describe('generatedFiles', () => {
  const files = generatedFiles();

  it('writes one schema file per concept plus the OpenAPI document', () => {
    expect(Object.keys(files).sort()).toEqual(
      [...SCHEMA_FILE_NAMES.map((name) => `${SCHEMA_DIR}/${name}.schema.json`), OPENAPI_FILE].sort(),
    );
    for (const contents of Object.values(files)) expect(contents.endsWith('}\n')).toBe(true);
    expect(generatedFiles()).toEqual(files);
  });

  it.each(SCHEMA_FILE_NAMES)('makes %s.schema.json a standalone 2020-12 schema whose refs all resolve', (name) => {
    const schema = JSON.parse(files[`${SCHEMA_DIR}/${name}.schema.json`] ?? '') as JsonSchema;
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: name });
    for (const ref of refsIn(schema)) {
      expect(ref.startsWith('#/$defs/'), ref).toBe(true);
      expect(() => resolvePointer(schema, ref), ref).not.toThrow();
    }
  });

  it('rejects an unknown queue message type in QueueMessage.schema.json', () => {
    const schema = jsonSchemaFiles().QueueMessage;
    const message = { type: 'generate_content', job_id: 'job_1', enqueued_at: '2026-11-10T01:41:00Z' };
    expect(check(schema, message, schema)).toEqual([]);
    expect(check(schema, { ...message, type: 'delete_everything' }, schema)).not.toEqual([]);
  });
});
