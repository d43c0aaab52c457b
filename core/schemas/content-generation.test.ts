import { describe, expect, it } from 'vitest';
import { ContentGenerationRequest, ContentGenerationResponse } from './content-generation.ts';

const minimal = { date_range: { start: '2026-11-03', end: '2026-11-09' } };

function issuesOf(input: unknown): { path: string; code: string }[] {
  const result = ContentGenerationRequest.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code }));
}

describe('ContentGenerationRequest', () => {
  it('fills in the product plan defaults', () => {
    expect(ContentGenerationRequest.parse(minimal)).toEqual({
      page: 1,
      limit: 20,
      sort_by: 'created_at',
      sort_order: 'desc',
      date_range: minimal.date_range,
      filters: {},
      content_type: 'daily_recap',
      mode: 'sync',
    });
  });

  it('accepts every field of the plan', () => {
    const full = {
      page: 2,
      limit: 100,
      sort_by: 'view_count',
      sort_order: 'asc',
      date_range: { start: '2026-11-09T22:00:05Z', end: '2026-11-10T01:41:00-00:00' },
      filters: {
        processing_status: ['ready_for_content'],
        categories: ['development', 'tutorial'],
        min_confidence: 0.7,
        content_tags: ['laravel', 'c#'],
        platform: 'twitch',
        broadcaster_name: 'CodeWithMara',
        creator_name: 'laracastaway',
        min_content_score: 40,
        min_views: 10,
        min_duration: 5,
        max_duration: 60,
        has_transcript: true,
        has_github_context: false,
      },
      content_type: 'weekly_summary',
      repository: 'codewithmara/payments-api',
      mode: 'async',
      idempotency_key: 'b7d9c0e4-5f1a-4c2e-9a57-1f2e3d4c5b6a',
    };
    expect(ContentGenerationRequest.parse(full)).toEqual(full);
  });

  it('accepts a date and an instant mixed in one range', () => {
    expect(issuesOf({ date_range: { start: '2026-11-09', end: '2026-11-10T01:41:00Z' } })).toEqual([]);
  });

  it('rejects limit 101 with the path "limit"', () => {
    expect(issuesOf({ ...minimal, limit: 101 })).toEqual([{ path: 'limit', code: 'too_big' }]);
  });

  it.each([0, -1, 1.5, '20'])('rejects limit %j', (limit) => {
    expect(issuesOf({ ...minimal, limit }).map((issue) => issue.path)).toEqual(['limit']);
  });

  it('rejects an unknown filter key at "filters"', () => {
    const result = ContentGenerationRequest.safeParse({ ...minimal, filters: { game_id: '27471' } });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['game_id'], path: ['filters'] }),
    ]);
  });

  it('rejects an unknown top-level key', () => {
    expect(issuesOf({ ...minimal, pagesize: 5 })).toEqual([{ path: '', code: 'unrecognized_keys' }]);
  });

  it.each([
    ['dates', { start: '2026-11-09', end: '2026-11-03' }],
    ['instants', { start: '2026-11-09T12:00:00Z', end: '2026-11-09T11:59:59Z' }],
  ])('rejects a date_range whose start is after its end (%s) at "date_range.start"', (_name, date_range) => {
    expect(issuesOf({ date_range })).toEqual([{ path: 'date_range.start', code: 'custom' }]);
  });

  it('accepts a one-day range given as the same date twice', () => {
    expect(issuesOf({ date_range: { start: '2026-11-09', end: '2026-11-09' } })).toEqual([]);
  });

  it.each([
    ['a missing date_range', {}, 'date_range'],
    ['an unknown sort field', { ...minimal, sort_by: 'title' }, 'sort_by'],
    ['an unknown content type', { ...minimal, content_type: 'monthly' }, 'content_type'],
    ['an unknown mode', { ...minimal, mode: 'later' }, 'mode'],
    ['a repository that is not owner/name', { ...minimal, repository: 'https://github.com/x/y' }, 'repository'],
    ['an idempotency key with spaces', { ...minimal, idempotency_key: 'a b' }, 'idempotency_key'],
    ['an empty status filter', { ...minimal, filters: { processing_status: [] } }, 'filters.processing_status'],
  ])('rejects %s, naming the field', (_name, input, path) => {
    expect(issuesOf(input).map((issue) => issue.path)).toEqual([path]);
  });
});

describe('ContentGenerationResponse', () => {
  const response = {
    content_items: [],
    date_range: { start: '2026-11-03T06:00:00Z', end: '2026-11-04T05:59:59.999Z' },
    pagination: { total_items: 0, total_pages: 0, current_page: 1, per_page: 20, has_next: false, has_prev: false },
    summary: {
      total_clips: 0,
      total_prs: 0,
      total_commits: 0,
      total_issues: 0,
      total_items: 0,
      by_status: {
        pending: 0,
        queued: 0,
        audio_ready: 0,
        transcribed: 0,
        enhanced: 0,
        ready_for_content: 0,
        failed: 0,
      },
      by_category: { development: 0, gaming: 0, tutorial: 0, review: 0, other: 0, uncategorized: 0 },
      with_transcript: 0,
      with_github_context: 0,
      total_view_count: 0,
      total_duration_seconds: 0,
      average_content_score: null,
    },
    suggested_title: null,
    suggested_tags: [],
    suggested_topics: [],
    content_score: null,
  };

  it('accepts an empty page with null suggestions and score', () => {
    expect(ContentGenerationResponse.parse(response)).toEqual(response);
  });

  it.each(['queued', 'processing', 'completed', 'failed'])('accepts the plan’s job status %s', (job_status) => {
    const accepted = { ...response, job_id: 'job_01JC9', job_status };
    expect(ContentGenerationResponse.safeParse(accepted).success).toBe(true);
  });

  it('refuses free tags in suggested_tags: they are the plan’s categories', () => {
    expect(ContentGenerationResponse.safeParse({ ...response, suggested_tags: ['laravel'] }).success).toBe(false);
    expect(ContentGenerationResponse.safeParse({ ...response, suggested_tags: ['development'] }).success).toBe(true);
  });

  it('rejects an error whose code is not snake_case', () => {
    const result = ContentGenerationResponse.safeParse({
      ...response,
      error: { code: 'Bad Thing', message: 'x', occurred_at: '2026-11-09T00:00:00Z' },
    });
    expect(result.error?.issues[0]?.path).toEqual(['error', 'code']);
  });
});
