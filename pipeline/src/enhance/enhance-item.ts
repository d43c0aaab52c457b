import { matchClip } from '../../../core/matching/match-clip.ts';
import { linkCount } from '../../../core/matching/nearby.ts';
import { placeClip } from '../../../core/matching/place-clip.ts';
import type { ClipDetails, ClipTiming } from '../../../core/pipeline/contracts.ts';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import type { GitHubContext } from '../../../core/schemas/github-context.ts';
import { type ItemScore, scoreItem, scoreMatched } from '../../../core/scoring/score-item.ts';
import type { PipelineDeps } from '../ports.ts';
import { MATCH_AFTER_MS, MATCH_BEFORE_MS } from './match-window.ts';

export type EnhanceDeps = Pick<PipelineDeps, 'config' | 'clock' | 'githubActivity' | 'items' | 'log'>;

/**
 * Links a transcribed item to the GitHub activity stored around its clip, scores it, and moves it
 * to `ready_for_content`. An off-topic clip (`gaming`) keeps no links: whatever matched is moved to
 * `nearby` and the item is scored from the clip alone. Idempotent: with the same stored activity an
 * item that is already ready is returned untouched (the earlier `matched_at` is kept), so re-running
 * it writes nothing.
 */
export async function enhanceAndScore(
  deps: EnhanceDeps,
  item: ContentItem,
  timing: ClipTiming,
  details: ClipDetails,
): Promise<ContentItem> {
  const matched = await matchItem(deps, item, timing);
  // Off-topic (gaming): links set aside to `nearby`, score from the clip alone.
  const scored = matched ? scoreMatched(item, matched, details) : null;
  const score = scored ? scored.score : scoreItem(item, details);
  // The same context as last time keeps last time's `matched_at`, so a re-run changes nothing.
  const previous = item.github_context;
  const context =
    scored && previous && sameExceptMatchedAt(previous, scored.context) ? previous : (scored?.context ?? null);
  if (item.processing_status === 'ready_for_content' && unchanged(item, context, score)) return item;

  const enhanced = context
    ? await deps.items.attachGitHubContext(item.content_item_id, context)
    : // No GitHub account configured: nothing to link, but the item still moves on.
      await deps.items.transition(item.content_item_id, 'enhanced');
  deps.log.info('clip enhanced and scored', {
    content_item_id: item.content_item_id,
    links: linkCount(context),
    nearby: context?.nearby?.length ?? 0,
    category: score.content_category,
    score: score.content_score,
  });
  return deps.items.transition(enhanced.content_item_id, 'ready_for_content', score);
}

async function matchItem(deps: EnhanceDeps, item: ContentItem, timing: ClipTiming): Promise<GitHubContext | null> {
  const username = deps.config.githubUsername;
  if (username === null) return null;
  const placed = placeClip(timing);
  const activity = await deps.githubActivity.activityBetween(
    placed.start_ms - MATCH_BEFORE_MS,
    placed.end_ms + MATCH_AFTER_MS + 1,
  );
  return matchClip(placed, { title: item.clip_title, transcript: item.transcript?.text ?? '' }, activity, {
    username,
    now: deps.clock.now().toISOString(),
    beforeMs: MATCH_BEFORE_MS,
    afterMs: MATCH_AFTER_MS,
  });
}

function sameExceptMatchedAt(a: GitHubContext, b: GitHubContext): boolean {
  return JSON.stringify({ ...a, matched_at: '' }) === JSON.stringify({ ...b, matched_at: '' });
}

function unchanged(item: ContentItem, context: GitHubContext | null, score: ItemScore): boolean {
  return (
    (context === null || item.github_context === context) &&
    item.content_score === score.content_score &&
    item.content_category === score.content_category &&
    JSON.stringify(item.content_tags ?? []) === JSON.stringify(score.content_tags)
  );
}
