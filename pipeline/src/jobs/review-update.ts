import { reviewEventOf } from '../../../core/publishing/review-events.ts';
import type { Publication } from '../../../store/publishing/publications.ts';
import type { ReviewNotice, ReviewStage } from '../notify/ports.ts';
import type { PipelineDeps } from '../ports.ts';

export type ReviewDeps = Pick<PipelineDeps, 'clock' | 'log' | 'publishing'>;

/**
 * Moves a post's one review message along as GitHub reports its pull request: merged or closed
 * (`pull_request`), a preview deployed (`deployment_status` of its branch), live (a successful
 * production deployment after the merge). Only events about the configured content repository
 * and a PR the pipeline opened count. Returns how many messages it moved.
 */
export async function updateReviewFromWebhook(deps: ReviewDeps, event: string, payload: unknown): Promise<number> {
  const review = reviewEventOf(event, payload);
  const repo = deps.publishing.contentRepo;
  if (!review || repo === null || review.repository.toLowerCase() !== repo.toLowerCase()) return 0;
  const publications = deps.publishing.publications;
  if (review.kind === 'production') {
    let moved = 0;
    for (const known of await publications.awaitingLive()) {
      const slug = known.post_path?.split('/').at(-1)?.replace(/\.md$/, '');
      const live_url = slug ? `${deps.publishing.siteUrl}/posts/${slug}/` : (review.url ?? undefined);
      moved += await move(deps, known, 'live', 'live', live_url ? { live_url } : {});
    }
    return moved;
  }
  const known = await publications.byBranch(review.branch);
  if (!known || known.pr_number === null) return 0;
  if (review.kind === 'preview') {
    return move(
      deps,
      known,
      known.outcome ?? 'updated',
      'preview_ready',
      review.url ? { preview_url: review.url } : {},
    );
  }
  if (review.number !== known.pr_number) return 0;
  if (review.merged) return move(deps, known, 'merged', 'merged', {});
  if (review.closed) return move(deps, known, 'closed', 'closed', {});
  return move(deps, known, 'updated', 'judged', {});
}

async function move(
  deps: ReviewDeps,
  known: Publication,
  outcome: string,
  stage: ReviewStage,
  urls: Pick<ReviewNotice, 'preview_url' | 'live_url'>,
): Promise<number> {
  const previous = parseNotice(known.notice);
  if (previous === null) return 0;
  const notice: ReviewNotice = { ...previous, stage, ...urls };
  await deps.publishing.notifier.notify(notice);
  await deps.publishing.publications.noteReview(
    known.subject_key,
    outcome,
    JSON.stringify(notice),
    deps.clock.now().getTime(),
  );
  deps.log.info('review message moved', { subject_key: known.subject_key, stage });
  return 1;
}

function parseNotice(notice: string | null): ReviewNotice | null {
  if (notice === null) return null;
  try {
    return JSON.parse(notice) as ReviewNotice;
  } catch {
    return null;
  }
}
