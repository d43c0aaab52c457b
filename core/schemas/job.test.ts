import { describe, expect, it } from 'vitest';
import { Job } from './job.ts';

const queued = {
  job_id: 'job_01JC9',
  job_status: 'queued',
  request: { date_range: { start: '2026-11-09', end: '2026-11-09' }, mode: 'async', idempotency_key: 'k-1' },
  created_at: '2026-11-10T01:41:00Z',
  updated_at: '2026-11-10T01:41:00Z',
};

describe('Job', () => {
  it('fills the request defaults and round-trips through JSON unchanged', () => {
    const parsed = Job.parse(queued);
    expect(parsed.request).toMatchObject({ page: 1, limit: 20, filters: {}, content_type: 'daily_recap' });
    const again = Job.parse(JSON.parse(JSON.stringify(parsed)));
    expect(again).toEqual(parsed);
  });

  it('round-trips a completed job with its pull request', () => {
    const completed = {
      ...queued,
      job_status: 'completed',
      pull_request_url: 'https://github.com/codewithmara/blog/pull/7',
      completed_at: '2026-11-10T01:41:02Z',
      updated_at: '2026-11-10T01:41:02Z',
    };
    const parsed = Job.parse(completed);
    expect(Job.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('round-trips a failed job with its error', () => {
    const failed = {
      ...queued,
      job_status: 'failed',
      error: { code: 'storage_failed', message: 'D1 unavailable', occurred_at: '2026-11-09T18:00:00.000Z' },
    };
    expect(Job.parse(JSON.parse(JSON.stringify(Job.parse(failed))))).toEqual(Job.parse(failed));
  });

  it.each([
    ['an unknown status', { job_status: 'done' }, 'job_status'],
    ['a request that fails its own schema', { request: { ...queued.request, limit: 500 } }, 'request.limit'],
    ['a javascript: pull request URL', { pull_request_url: 'javascript:alert(1)' }, 'pull_request_url'],
  ])('rejects %s, naming the field', (_name, patch, path) => {
    const result = Job.safeParse({ ...queued, ...patch });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});
