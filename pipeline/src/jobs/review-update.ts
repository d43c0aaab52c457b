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
  if (review.kind === 'production') return markMergedPostsLive(deps, review.url);
  if (review.kind === 'preview') {
    const known = await publications.byBranch(review.branch);
    if (!known || known.pr_number === null) return 0;
    return move(
      deps,
      known,
      known.outcome ?? 'updated',
      'preview_ready',
      review.url ? { preview_url: review.url } : {},
    );
  }
  return updateReviewOfPullRequest(deps, review);
}

/**
 * A production deployment succeeded: every merged post's message moves to `live`, linking
 * `<SITE_URL>/posts/<slug>/` (or the deployment's URL when the post path is unknown). The GitHub
 * webhook path above and the local loop (`npm start`, after its build) share it.
 */
export async function markMergedPostsLive(deps: ReviewDeps, deploymentUrl: string | null = null): Promise<number> {
  let moved = 0;
  for (const known of await deps.publishing.publications.awaitingLive()) {
    const slug = known.post_path?.split('/').at(-1)?.replace(/\.md$/, '');
    const live_url = slug ? `${deps.publishing.siteUrl}/posts/${slug}/` : (deploymentUrl ?? undefined);
    moved += await move(deps, known, 'live', 'live', live_url ? { live_url } : {});
  }
  return moved;
}

/**
 * Moves the review message of the pipeline's PR `number` on `branch` as its state changed: merged,
 * closed without merging, or (neither) reopened. The GitHub webhook path above and the local loop
 * (`npm start` merging local pull requests) share it. Returns how many messages it moved.
 */
export async function updateReviewOfPullRequest(
  deps: ReviewDeps,
  change: { branch: string; number: number; merged: boolean; closed: boolean },
): Promise<number> {
  const known = await deps.publishing.publications.byBranch(change.branch);
  if (!known || known.pr_number === null || change.number !== known.pr_number) return 0;
  if (change.merged) return move(deps, known, 'merged', 'merged', {});
  if (change.closed) return move(deps, known, 'closed', 'closed', {});
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
