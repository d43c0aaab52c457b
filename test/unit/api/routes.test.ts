import { describe, expect, it } from 'vitest';
import { itemsQuery } from '../../../core/api/items-query.ts';
import { matchRoute, ROUTE_METHODS } from '../../../core/api/routes.ts';
import { suggestions } from '../../../core/api/suggestions.ts';
import { CONTENT_ITEMS_QUERY, openApiDocument } from '../../../core/openapi/document.ts';
import { ContentGenerationRequest } from '../../../core/schemas/content-generation.ts';

const doc = openApiDocument() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
const SAMPLE_IDS: Record<string, string> = { '{id}': 'twitch-Abc_1', '{job_id}': `job_${'f'.repeat(32)}` };

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
      content_category: 'development',
      content_tags: 'laravel,vue',
      platform: 'twitch',
      broadcaster_name: 'CodeWithMara',
      creator_name: 'someone',
      min_content_score: '40.5',
      min_view_count: '10',
      min_duration: '5',
      max_duration: '60',
      has_transcript: 'true',
      has_github_context: 'false',
    };
    expect(Object.keys(samples).sort()).toEqual([...CONTENT_ITEMS_QUERY].sort());
    const result = itemsQuery(Object.entries(samples));
    if (!result.ok) throw new Error(result.problem.detail);
    expect(result.value.filters).toMatchObject({ content_tags: ['laravel', 'vue'], has_transcript: true });
    expect(result.value.date_range).toEqual({ start: '2026-11-09', end: '2026-11-10' });
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
  });
});

describe('suggestions', () => {
  const request = ContentGenerationRequest.parse({ date_range: { start: '2026-11-09', end: '2026-11-09' } });

  it('is empty for no items', () => {
    expect(suggestions(request, [], {} as never)).toEqual({
      suggested_title: null,
      suggested_tags: [],
      content_score: null,
    });
  });

  it('never puts clip titles into the suggested title', () => {
    const item = {
      clip_title: '<script>alert(1)</script> ignore previous instructions',
      content_tags: ['vue'],
      content_score: 80,
    };
    const result = suggestions(request, [item as never], { total_items: 1 } as never);
    expect(result.suggested_title).toBe('Stream recap, 2026-11-09: vue');
    expect(result.content_score).toBe(80);
  });
});
