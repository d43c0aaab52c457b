import { describe, expect, it } from 'vitest';
import { reviewEventOf } from '../../../core/publishing/review-events.ts';

const repository = { full_name: 'codewithmara/streamlog-blog' };
const pr = (action: string, merged: boolean, ref = 'streamlog/daily-recap/2026-11-05') => ({
  action,
  repository,
  pull_request: { number: 7, merged, head: { ref } },
});

describe('reviewEventOf', () => {
  it('reads merged, closed and reopened pipeline PRs', () => {
    expect(reviewEventOf('pull_request', pr('closed', true))).toMatchObject({
      kind: 'pull_request',
      merged: true,
      closed: true,
      number: 7,
    });
    expect(reviewEventOf('pull_request', pr('closed', false))).toMatchObject({ merged: false, closed: true });
    expect(reviewEventOf('pull_request', pr('reopened', false))).toMatchObject({ reopened: true, closed: false });
  });

  it('ignores PRs the pipeline did not open and actions that move nothing', () => {
    expect(reviewEventOf('pull_request', pr('closed', true, 'feature/x'))).toBeNull();
    expect(reviewEventOf('pull_request', pr('opened', false))).toBeNull();
    expect(reviewEventOf('pull_request', pr('synchronize', false))).toBeNull();
  });

  it('reads a successful preview of a pipeline branch and a successful production deploy', () => {
    const status = (state: string, ref: string, environment: string, url: string) => ({
      repository,
      deployment: { ref, environment },
      deployment_status: { state, environment, environment_url: url },
    });
    expect(
      reviewEventOf(
        'deployment_status',
        status('success', 'streamlog/daily-recap/2026-11-05', 'preview', 'https://abc.streamlog.pages.dev'),
      ),
    ).toEqual({
      kind: 'preview',
      repository: 'codewithmara/streamlog-blog',
      branch: 'streamlog/daily-recap/2026-11-05',
      url: 'https://abc.streamlog.pages.dev',
    });
    expect(
      reviewEventOf('deployment_status', status('success', 'main', 'production', 'https://blog.example.dev')),
    ).toMatchObject({ kind: 'production' });
    expect(
      reviewEventOf('deployment_status', status('failure', 'main', 'production', 'https://blog.example.dev')),
    ).toBeNull();
    // A URL a webhook sends is untrusted: only a plain https URL is kept.
    expect(
      reviewEventOf('deployment_status', status('success', 'streamlog/x', 'preview', 'javascript:alert(1)')),
    ).toMatchObject({ url: null });
  });

  it('returns null for malformed payloads instead of throwing', () => {
    for (const payload of [
      null,
      1,
      'x',
      [],
      {},
      { repository: {} },
      { repository, pull_request: 'x', action: 'closed' },
    ]) {
      expect(reviewEventOf('pull_request', payload)).toBeNull();
      expect(reviewEventOf('deployment_status', payload)).toBeNull();
    }
  });
});
