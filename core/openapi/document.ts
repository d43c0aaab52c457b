import { z } from 'zod';
import { JOB_ID } from '../api/routes.ts';
import { RUNS_QUERY } from '../api/runs-query.ts';
import { ContentFilters } from '../schemas/content-generation.ts';
import { Job } from '../schemas/job.ts';
import { RunId } from '../schemas/queue-message.ts';
import { COMPONENT_REF, convertComponents, type JsonSchema, mapRefs, referencedIds } from './components.ts';
import { sortKeys } from './stable-json.ts';

export const OPENAPI_VERSION = '3.1.0';
export const API_VERSION = '1.0.0';
export const SIGNATURE_SCHEME = 'httpMessageSignature';

/** Component ids that appear in request bodies or parameters, and so are described as zod input. */
const REQUEST_ROOTS = ['ContentGenerationRequest'] as const;

/** Query parameters of `GET /api/content/items`: the request's paging and sorting, the date range bounds, and every filter. */
export const CONTENT_ITEMS_QUERY = [
  'page',
  'limit',
  'sort_by',
  'sort_order',
  'start',
  'end',
  'repository',
  ...Object.keys(ContentFilters.shape),
] as const;

const SIGNATURE_DESCRIPTION = [
  'Requests are signed with an [RFC 9421](https://www.rfc-editor.org/rfc/rfc9421) HTTP Message Signatures profile using `hmac-sha256`; any RFC 9421 client that implements `hmac-sha256` works unchanged.',
  '',
  'Send three headers:',
  '- `Signature-Input: sig1=("@method" "@authority" "@path" "@query" "content-digest" …);created=<unix seconds>;keyid="<key id>";nonce="<unique value>";alg="hmac-sha256"`',
  '- `Signature: sig1=:<base64 HMAC-SHA256 of the RFC 9421 signature base>:`',
  '- `Content-Digest: sha-256=:<base64 SHA-256 of the request body>:` ([RFC 9530](https://www.rfc-editor.org/rfc/rfc9530)), checked against the body read under a size cap.',
  '',
  'The server fixes the covered components and rejects a signature that covers fewer: `@method`, `@authority`, `@path`, `@query` and `content-digest`; a POST also covers `content-type` and, when sent, `idempotency-key`.',
  '`created` must be within ±300 s of the server clock, each `nonce` is accepted once (a replay is rejected with 401), and `keyid` selects the key, so keys rotate without downtime.',
  "The HMAC key is the UTF-8 bytes of the key's secret string.",
  '',
  'This scheme is declared as an API key in the `Signature` header because OpenAPI has no type for HTTP Message Signatures; `Signature-Input` and `Content-Digest` are listed as header parameters on each signed operation.',
].join('\n');

/**
 * The OpenAPI 3.1 document of the content API, built from the zod schemas with `z.toJSONSchema`.
 * Responses are described as zod output (what the server returns); request bodies and parameters
 * as zod input (what it accepts: defaults optional). Where the two differ, the input form is the
 * component `<Name>Input`. Pure: the same schemas always give the same document.
 */
export function openApiDocument(): JsonSchema {
  const schemas = componentSchemas();
  const request = inputName(schemas, 'ContentGenerationRequest');
  const requestProps = properties(schemas[request]);
  const rangeProps = properties(schemas[inputName(schemas, 'DateRange')]);
  const filterProps = properties(schemas[inputName(schemas, 'ContentFilters')]);

  const itemsQuery = CONTENT_ITEMS_QUERY.map((name) => {
    const schema =
      name === 'start' || name === 'end'
        ? rangeProps[name]
        : name in filterProps
          ? filterProps[name]
          : requestProps[name];
    if (schema === undefined) throw new Error(`no schema for query parameter ${name}`);
    const isArray = (schema as JsonSchema).type === 'array';
    return {
      name,
      in: 'query',
      required: false,
      schema,
      ...(isArray ? { style: 'form', explode: false } : {}),
      description: queryDescription(name, isArray),
    };
  });

  const runsQuery = RUNS_QUERY.map((name) => ({
    name,
    in: 'query',
    required: false,
    schema:
      name === 'status' || name === 'trigger'
        ? ref(name === 'status' ? 'RunStatus' : 'RunTrigger')
        : requestProps[name],
    description: RUNS_QUERY_DESCRIPTIONS[name],
  }));

  const signed = [{ [SIGNATURE_SCHEME]: [] }];
  const problems = (...statuses: (keyof typeof PROBLEM_RESPONSES)[]) =>
    Object.fromEntries(
      statuses.map((status) => [status, { $ref: `#/components/responses/${PROBLEM_RESPONSES[status][0]}` }]),
    );

  return {
    openapi: OPENAPI_VERSION,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Streamlog content API',
      version: API_VERSION,
      description:
        "Scored Twitch clips of a live-coding stream, matched to the streamer's GitHub activity, and the blog posts made from them. Generated from the project's zod schemas; do not edit by hand.",
    },
    tags: [
      { name: 'content', description: 'Scored clips and post generation (signed).' },
      { name: 'runs', description: 'Pipeline run records (signed).' },
      { name: 'meta', description: 'Public service endpoints.' },
    ],
    security: signed,
    paths: {
      '/api/content/generate': {
        post: {
          operationId: 'generateContent',
          tags: ['content'],
          summary: 'Select scored clips and generate a post',
          description:
            '`mode: "sync"` answers from the index with the matching items, summary counts and suggestions. `mode: "async"` records a job, queues it and answers 202 with the job and its `Location`; the pipeline writes the post and opens its pull request. The same `Idempotency-Key` (header or `idempotency_key`) with the same request replays the stored response.',
          parameters: [
            { $ref: '#/components/parameters/SignatureInput' },
            { $ref: '#/components/parameters/ContentDigest' },
            { $ref: '#/components/parameters/IdempotencyKey' },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `${COMPONENT_REF}${request}` } } },
          },
          responses: {
            '200': json('The matching items, counts and suggestions (sync mode).', 'ContentGenerationResponse'),
            '202': {
              description: 'The job was recorded and queued (async mode).',
              headers: {
                Location: { description: 'The job, `/api/content/jobs/{job_id}`.', schema: { type: 'string' } },
              },
              content: { 'application/json': { schema: { $ref: `${COMPONENT_REF}Job` } } },
            },
            ...problems('400', '401', '409', '413', '415', '422'),
          },
        },
      },
      '/api/content/jobs/{job_id}': {
        get: {
          operationId: 'getJob',
          tags: ['content'],
          summary: 'An async generation job',
          parameters: [
            {
              name: 'job_id',
              in: 'path',
              required: true,
              schema: { ...inlineSchema(Job.shape.job_id), pattern: JOB_ID.source },
            },
            { $ref: '#/components/parameters/SignatureInput' },
            { $ref: '#/components/parameters/ContentDigest' },
          ],
          responses: { '200': json('The job.', 'Job'), ...problems('400', '401', '404') },
        },
      },
      '/api/content/items': {
        get: {
          operationId: 'listContentItems',
          tags: ['content'],
          summary: 'Scored clips, filtered, sorted and paginated',
          description:
            'Takes the same paging, sorting and filters as `POST /api/content/generate`, as query parameters: `start`/`end` for `date_range`, each filter by its name, list values comma-separated. Each parameter may appear once; an unknown parameter is a 400 (`unknown_parameter`) so a typo never widens the result.',
          parameters: [
            ...itemsQuery,
            { $ref: '#/components/parameters/SignatureInput' },
            { $ref: '#/components/parameters/ContentDigest' },
          ],
          responses: { '200': json('One page of items.', 'ContentItemList'), ...problems('400', '401') },
        },
      },
      '/api/content/items/{id}': {
        get: {
          operationId: 'getContentItem',
          tags: ['content'],
          summary: 'One scored clip',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { $ref: `${COMPONENT_REF}SafeId` } },
            { $ref: '#/components/parameters/SignatureInput' },
            { $ref: '#/components/parameters/ContentDigest' },
          ],
          responses: { '200': json('The item.', 'ContentItem'), ...problems('400', '401', '404') },
        },
      },
      '/api/content/runs': {
        get: {
          operationId: 'listRuns',
          tags: ['runs'],
          summary: 'Pipeline run records, newest first',
          description:
            "What each pipeline run did (`runs`, written by the pipeline Worker and the CLI): trigger, period, status, the counts of the period's items, failures with their codes, posts, pull requests, the notification and the AI budget used. Paged like `GET /api/content/items`; each parameter may appear once and an unknown one is a 400 (`unknown_parameter`).",
          parameters: [
            ...runsQuery,
            { $ref: '#/components/parameters/SignatureInput' },
            { $ref: '#/components/parameters/ContentDigest' },
          ],
          responses: { '200': json('One page of runs.', 'RunRecordList'), ...problems('400', '401') },
        },
      },
      '/api/content/runs/{run_id}': {
        get: {
          operationId: 'getRun',
          tags: ['runs'],
          summary: 'One pipeline run record',
          parameters: [
            { name: 'run_id', in: 'path', required: true, schema: inlineSchema(RunId) },
            { $ref: '#/components/parameters/SignatureInput' },
            { $ref: '#/components/parameters/ContentDigest' },
          ],
          responses: { '200': json('The run.', 'RunRecord'), ...problems('400', '401', '404') },
        },
      },
      '/api/content/ping': {
        get: {
          operationId: 'pingContentApi',
          tags: ['content'],
          summary: 'Check a signature',
          description:
            'A static answer behind the same signature check as every content route: use it to test a client. (`POST` with any body is accepted too.)',
          parameters: [
            { $ref: '#/components/parameters/SignatureInput' },
            { $ref: '#/components/parameters/ContentDigest' },
          ],
          responses: {
            '200': {
              description: 'The signature verified; `key_id` is the key that signed.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { ok: { type: 'boolean', const: true }, key_id: { type: 'string' } },
                    required: ['ok', 'key_id'],
                  },
                },
              },
            },
            ...problems('401'),
          },
        },
      },
      '/api/health': {
        get: {
          operationId: 'getHealth',
          tags: ['meta'],
          summary: 'Liveness',
          security: [],
          responses: { '200': json('The service is up.', 'HealthStatus') },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          tags: ['meta'],
          summary: 'This document',
          security: [],
          responses: {
            '200': {
              description: 'The OpenAPI 3.1 document.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: {
        [SIGNATURE_SCHEME]: { type: 'apiKey', in: 'header', name: 'Signature', description: SIGNATURE_DESCRIPTION },
      },
      parameters: {
        SignatureInput: {
          name: 'Signature-Input',
          in: 'header',
          required: true,
          description:
            'RFC 9421 signature parameters: covered components, `created`, `keyid`, `nonce`, `alg="hmac-sha256"`.',
          schema: { type: 'string' },
        },
        ContentDigest: {
          name: 'Content-Digest',
          in: 'header',
          required: true,
          description: 'RFC 9530 `sha-256` digest of the request body (of the empty body for a GET).',
          schema: { type: 'string', pattern: '^sha-256=:[A-Za-z0-9+/]+={0,2}:$' },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Replays the stored response for a repeat of the same request (kept at least 24 h, per key id); the same key with a different request is 422, and 409 while the first is in flight.',
          schema: properties(schemas[request]).idempotency_key,
        },
      },
      responses: Object.fromEntries(
        Object.values(PROBLEM_RESPONSES).map(([name, description]) => [
          name,
          { description, content: { 'application/problem+json': { schema: { $ref: `${COMPONENT_REF}Problem` } } } },
        ]),
      ),
    },
  };
}

const PROBLEM_RESPONSES = {
  '400': ['BadRequest', 'The input is not valid; `field` names the JSON path of the offending value.'],
  '401': [
    'Unauthorized',
    'The signature is missing, malformed, expired, replayed, uses an unknown key, does not cover a required component, or does not verify; `code` says which.',
  ],
  '404': ['NotFound', 'No such resource.'],
  '409': ['Conflict', 'A request with the same idempotency key is still in flight; retry later.'],
  '413': ['PayloadTooLarge', 'The body is larger than the API accepts (64 KiB).'],
  '415': ['UnsupportedMediaType', 'The body of a POST must be `application/json`.'],
  '422': ['UnprocessableContent', 'The idempotency key was already used with a different request.'],
} as const;

const RUNS_QUERY_DESCRIPTIONS: Record<(typeof RUNS_QUERY)[number], string> = {
  page: 'As `page` in the generate request.',
  limit: 'As `limit` in the generate request (at most 100).',
  status: 'Only runs in this state.',
  trigger: 'Only runs started this way.',
};

function ref(id: string): JsonSchema {
  return { $ref: `${COMPONENT_REF}${id}` };
}

function json(description: string, id: string): JsonSchema {
  return { description, content: { 'application/json': { schema: { $ref: `${COMPONENT_REF}${id}` } } } };
}

function queryDescription(name: string, isArray: boolean): string {
  if (name === 'start' || name === 'end') {
    return `\`date_range.${name}\`: a local date or an instant, inclusive; without it the range is open at that end.`;
  }
  if (name in ContentFilters.shape) return `\`filters.${name}\`${isArray ? ', comma-separated' : ''}.`;
  return `As \`${name}\` in the generate request.`;
}

function properties(schema: JsonSchema | undefined): Record<string, unknown> {
  const props = schema?.properties;
  if (typeof props !== 'object' || props === null) throw new Error('expected an object schema');
  return props as Record<string, unknown>;
}

function inputName(schemas: Record<string, JsonSchema>, id: string): string {
  return `${id}Input` in schemas ? `${id}Input` : id;
}

/**
 * Every component as zod output, plus `<Name>Input` for each request-side component whose input
 * form differs (defaults optional, unknown keys tolerated), or that references one that does.
 */
function componentSchemas(): Record<string, JsonSchema> {
  const output = convertComponents('output');
  const input = convertComponents('input');
  const same = (id: string) => JSON.stringify(sortKeys(input[id])) === JSON.stringify(sortKeys(output[id]));

  const differs = new Set(Object.keys(input).filter((id) => !same(id)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const id of Object.keys(input)) {
      if (differs.has(id)) continue;
      if ([...referencedIds(input[id])].some((ref) => differs.has(ref))) {
        differs.add(id);
        grew = true;
      }
    }
  }

  const needed = new Set<string>();
  const visit = (id: string) => {
    if (needed.has(id) || !differs.has(id)) return;
    needed.add(id);
    for (const ref of referencedIds(input[id])) visit(ref);
  };
  for (const root of REQUEST_ROOTS) visit(root);

  const schemas: Record<string, JsonSchema> = { ...output };
  for (const id of needed) {
    schemas[`${id}Input`] = mapRefs(input[id] as JsonSchema, (ref) => {
      const target = ref.slice(COMPONENT_REF.length);
      return needed.has(target) ? `${ref}Input` : ref;
    });
  }
  return schemas;
}

/** A schema that is not a component, converted on its own (without the `$schema` key). */
function inlineSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
  return rest;
}
