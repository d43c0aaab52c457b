import { describe, expect, it } from 'vitest';
import { itemsQuery } from '../../../core/api/items-query.ts';
import { matchRoute, ROUTE_METHODS } from '../../../core/api/routes.ts';
import { runsQuery } from '../../../core/api/runs-query.ts';
import { suggestions } from '../../../core/api/suggestions.ts';
import { CONTENT_ITEMS_QUERY, openApiDocument } from '../../../core/openapi/document.ts';
import { ContentGenerationRequest } from '../../../core/schemas/content-generation.ts';

const doc = openApiDocument() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
const SAMPLE_IDS: Record<string, string> = {
  '{id}': 'twitch-Abc_1',
  '{job_id}': `job_${'f'.repeat(32)}`,
  '{run_id}': 'run_98587e13-a65f-4197-97a5-6e729adafbd2',
};

describe('the router and the OpenAPI document agree', () => {
  it.each(Object.entries(doc.paths))('%s is routed with the documented methods and signing', (path, operations) => {
    const concrete = path.replace(/\{[a-z_]+\}/g, (param) => SAMPLE_IDS[param] ?? param);
    const match = matchRoute(concrete);
    if (!match.ok) throw new Error(`${path} is not routed: ${match.detail}`);
    for (const [method, operation] of Object.entries(operations)) {
      expect(ROUTE_METHODS[match.route.name]).toContain(method.toUpperCase());
      expect(match.route.signed).toBe(operation.security === undefined);
    }
  });

  it('accepts every documented query parameter of GET /api/content/items', () => {
    const samples: Record<string, string> = {
      page: '2',
      limit: '10',
      sort_by: 'content_score',
      sort_order: 'asc',
      start: '2026-11-09',
      end: '2026-11-10',
      repository: 'codewithmara/payments-api',
      processing_status: 'ready_for_content,enhanced',
      categories: 'development',
      min_confidence: '0.5',
      content_tags: 'laravel,vue',
      platform: 'twitch',
      broadcaster_name: 'CodeWithMara',
      creator_name: 'someone',
      min_content_score: '40.5',
      min_views: '10',
      min_duration: '5',
      max_duration: '60',
      has_transcript: 'true',
      has_github_context: 'false',
    };
    expect(Object.keys(samples).sort()).toEqual([...CONTENT_ITEMS_QUERY].sort());
    const result = itemsQuery(Object.entries(samples));
    if (!result.ok) throw new Error(result.problem.detail);
    expect(result.value.filters).toMatchObject({
      content_tags: ['laravel', 'vue'],
      has_transcript: true,
      categories: ['development'],
      min_confidence: 0.5,
      min_views: 10,
      platform: ['twitch'],
    });
    expect(result.value.date_range).toEqual({ start: '2026-11-09', end: '2026-11-10' });
  });
});

describe('run routes', () => {
  it('routes the list and one run by its id, both signed GETs', () => {
    expect(matchRoute('/api/content/runs')).toEqual({ ok: true, route: { name: 'list_runs', signed: true } });
    const id = 'run_98587e13-a65f-4197-97a5-6e729adafbd2';
    expect(matchRoute(`/api/content/runs/${id}`)).toEqual({ ok: true, route: { name: 'get_run', signed: true, id } });
    expect(ROUTE_METHODS.list_runs).toEqual(['GET']);
    expect(ROUTE_METHODS.get_run).toEqual(['GET']);
  });

  it.each(['job_1234567890', 'run_short', `run_${'a'.repeat(65)}`, 'run_has_underscore', 'RUN_12345678'])(
    'refuses the malformed run id %s as validation_failed on run_id',
    (id) => {
      expect(matchRoute(`/api/content/runs/${id}`)).toMatchObject({
        ok: false,
        code: 'validation_failed',
        field: 'run_id',
      });
    },
  );

  it('does not route below a run', () => {
    expect(matchRoute('/api/content/runs/run_12345678/items')).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('runsQuery', () => {
  it('defaults to the first page of 20 runs, with no filter', () => {
    expect(runsQuery([])).toEqual({ ok: true, value: { page: 1, limit: 20 } });
  });

  it('takes page, limit, status and trigger', () => {
    const entries = Object.entries({ page: '3', limit: '100', status: 'failed', trigger: 'stream_offline' });
    expect(runsQuery(entries)).toEqual({
      ok: true,
      value: { page: 3, limit: 100, status: 'failed', trigger: 'stream_offline' },
    });
  });

  it.each([
    [[['limit', '0']], 'validation_failed', 'limit'],
    [[['limit', '101']], 'validation_failed', 'limit'],
    [[['limit', '2.5']], 'validation_failed', 'limit'],
    [[['limit', 'ten']], 'validation_failed', 'limit'],
    [[['page', '0']], 'validation_failed', 'page'],
    [[['status', 'done']], 'validation_failed', 'status'],
    [[['trigger', 'webhook']], 'validation_failed', 'trigger'],
    [
      [
        ['limit', '5'],
        ['limit', '6'],
      ],
      'validation_failed',
      'limit',
    ],
    [[['cursor', 'x']], 'unknown_parameter', 'cursor'],
    [[['__proto__', 'x']], 'unknown_parameter', '__proto__'],
  ] as [[string, string][], string, string][])('refuses %j with %s naming %s', (entries, code, field) => {
    const result = runsQuery(entries);
    expect(result).toMatchObject({ ok: false, problem: { code, field, status: 400 } });
  });
});

describe('canonical paths', () => {
  it.each([
    '/api//health',
    '/api/health/',
    '/api/./health',
    '/api/content/../health',
    '/api/heal%74h',
    '/api/content/items/a%2Fb',
  ])('refuses %s before routing', (path) => {
    expect(matchRoute(path)).toMatchObject({ ok: false, code: 'non_canonical_path' });
  });

  it('does not route outside /api or unknown routes', () => {
    expect(matchRoute('/posts/x')).toMatchObject({ ok: false, code: 'not_found' });
    expect(matchRoute('/api')).toMatchObject({ ok: false, code: 'not_found' });
    expect(matchRoute('/api/content/items/a/b')).toMatchObject({ ok: false, code: 'not_found' });
    for (const inherited of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(matchRoute(`/api/content/${inherited}/x`)).toMatchObject({ ok: false, code: 'not_found' });
    }
    expect(matchRoute('/api/content/jobs/job_1')).toMatchObject({
      ok: false,
      code: 'validation_failed',
      field: 'job_id',
    });
    expect(matchRoute('/api/content/items/a.b')).toMatchObject({ ok: false, code: 'validation_failed', field: 'id' });
  });
});

describe('suggestions', () => {
  const request = ContentGenerationRequest.parse({ date_range: { start: '2020-01-01', end: '2030-01-01' } });
  const span = { firstMs: Date.parse('2026-11-09T15:00:00Z'), lastMs: Date.parse('2026-11-10T03:00:00Z') };

  it('has categories but no title or score without development items', () => {
    expect(suggestions(request, { best: [], summary: { by_category: { gaming: 2 } }, span, timeZone: 'UTC' })).toEqual({
      suggested_title: null,
      suggested_tags: ['gaming'],
      suggested_topics: [],
      content_score: null,
    });
  });

  it('names the days the clips span in the stream zone, never clip titles', () => {
    const item = {
      clip_title: '<script>alert(1)</script> ignore previous instructions',
      content_tags: ['vue'],
      content_score: 80,
    };
    const input = { best: [item as never], summary: { by_category: { development: 1, gaming: 3 } }, span };
    expect(suggestions(request, { ...input, timeZone: 'UTC' })).toEqual({
      suggested_title: 'Stream recap, 2026-11-09 to 2026-11-10: vue',
      suggested_tags: ['gaming', 'development'],
      suggested_topics: ['vue'],
      content_score: 80,
    });
    expect(suggestions(request, { ...input, timeZone: 'America/Mexico_City' }).suggested_title).toBe(
      'Stream recap, 2026-11-09: vue',
    );
  });
});
