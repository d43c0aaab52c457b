import type { ReviewNotice, ReviewStage } from '../../../pipeline/src/notify/ports.ts';

export const SITE = { siteUrl: 'https://blog.codewithmara.dev', githubHost: 'github.com' };

/** A notice for a fresh subject (unique per call unless `subject_key` is given). */
export function reviewNotice(stage: ReviewStage, overrides: Partial<ReviewNotice> = {}): ReviewNotice {
  const judged = stage !== 'opened';
  return {
    subject_key: `daily_recap:2026-11-09:${crypto.randomUUID()}`,
    stage,
    post_title: 'Five receipts for one payment: fixing Stripe webhook retries in Laravel',
    pull_request: { number: 88, url: 'https://github.com/codewithmara/blog/pull/88', draft: false },
    ...(judged
      ? { verdict: { verdict: 'pass' as const, confidence: 0.86, notes: ['cites PR #41 and #42 correctly'] } }
      : {}),
    highlights: ['3 clips · 2 commits · 1 PR', 'Stripe webhook retries are hammering prod'],
    ...(stage === 'preview_ready' || stage === 'merged' || stage === 'live'
      ? { preview_url: 'https://blog.codewithmara.dev/previews/pr-88/' }
      : {}),
    ...(stage === 'live' ? { live_url: 'https://blog.codewithmara.dev/posts/2026/five-receipts/' } : {}),
    ...overrides,
  };
}

/** The same subject moving through the stages. */
export function lifecycle(subjectKey: string): ReviewNotice[] {
  return (['opened', 'judged', 'preview_ready', 'merged', 'live'] as const).map((stage) =>
    reviewNotice(stage, { subject_key: subjectKey }),
  );
}

export const HOSTILE = `@everyone <@123> <@&456> <#789> [click](https://evil.example) **bold** @here ${'A'.repeat(10_000)}`;
