import { StreamlogError } from '../errors.ts';
import type { ItemError } from '../schemas/common.ts';
import type { ContentItem, ProcessingStatus } from '../schemas/content-item.ts';
import { assertTransition, retryTarget } from './state-machine.ts';

/** Fields a step may set while moving an item forward. Identity and clip facts are not among them. */
export type StepPatch = Partial<
  Pick<
    ContentItem,
    'audio_file_url' | 'transcript' | 'github_context' | 'content_score' | 'content_tags' | 'content_category'
  >
>;

/**
 * The item after moving to `to`, with the timestamps the plan defines (`enhanced_at`,
 * `content_ready_at`, `updated_at`). Throws `illegal_transition` for a move the state machine forbids.
 */
export function applyTransition(
  item: ContentItem,
  to: Exclude<ProcessingStatus, 'failed'>,
  now: string,
  patch: StepPatch = {},
): ContentItem {
  assertTransition(item, to);
  const next: ContentItem = { ...item, ...patch, processing_status: to, updated_at: now };
  delete next.error;
  if (to === 'enhanced') next.enhanced_at = now;
  if (to === 'ready_for_content') next.content_ready_at = now;
  if (to === 'enhanced' && item.processing_status === 'ready_for_content') delete next.content_ready_at;
  return next;
}

/** The item marked `failed` with a stable error code; every stored result is kept for the retry. */
export function applyFailure(item: ContentItem, error: Omit<ItemError, 'occurred_at'>, now: string): ContentItem {
  assertTransition(item, 'failed');
  return { ...item, processing_status: 'failed', error: { ...error, occurred_at: now }, updated_at: now };
}

/** A failed item moved back to where its stored data lets the pipeline resume. */
export function applyRetry(item: ContentItem, now: string): ContentItem {
  if (item.processing_status !== 'failed') {
    throw new StreamlogError(
      'illegal_transition',
      `content item ${item.content_item_id} is ${item.processing_status}, not failed`,
      {
        content_item_id: item.content_item_id,
        from: item.processing_status,
        to: 'retry',
      },
    );
  }
  return applyTransition(item, retryTarget(item), now);
}
