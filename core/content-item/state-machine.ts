import { isRetryableCode, StreamlogError } from '../errors.ts';
import type { ContentItem, ProcessingStatus } from '../schemas/content-item.ts';

const NEXT: Readonly<Record<ProcessingStatus, readonly ProcessingStatus[]>> = {
  pending: ['queued'],
  queued: ['audio_ready'],
  audio_ready: ['transcribed'],
  transcribed: ['enhanced'],
  enhanced: ['ready_for_content'],
  // Late GitHub events re-enhance an item that was already ready.
  ready_for_content: ['enhanced'],
  // Leaving `failed` is a retry; `retryTarget` chooses where it resumes.
  failed: ['pending', 'queued', 'audio_ready', 'transcribed', 'enhanced'],
};

/**
 * Whether `from → to` is allowed. Entering `failed` is allowed from anywhere; staying in the same
 * state is allowed so that a step that runs twice stores the same result instead of erroring.
 */
export function canTransition(from: ProcessingStatus, to: ProcessingStatus): boolean {
  if (from === to) return true;
  if (to === 'failed') return true;
  return NEXT[from].includes(to);
}

export function assertTransition(
  item: Pick<ContentItem, 'content_item_id' | 'processing_status'>,
  to: ProcessingStatus,
): void {
  if (!canTransition(item.processing_status, to)) {
    throw new StreamlogError(
      'illegal_transition',
      `content item ${item.content_item_id} cannot go from ${item.processing_status} to ${to}`,
      { content_item_id: item.content_item_id, from: item.processing_status, to },
    );
  }
}

/**
 * Where a retry of a failed item resumes: the furthest state its stored data supports, so a
 * transcript that was already paid for is not fetched again.
 */
export function retryTarget(item: ContentItem): Exclude<ProcessingStatus, 'failed' | 'ready_for_content'> {
  if (item.github_context && item.enhanced_at) return 'enhanced';
  if (item.transcript) return 'transcribed';
  if (item.audio_file_url) return 'audio_ready';
  return 'queued';
}

/** An item queued or in progress longer than this without moving is presumed lost and is queued again. */
export const STALE_AFTER_MS = 30 * 60 * 1000;

/**
 * Whether a run should hand the item to process_item: a new item; a failed one whose code says
 * retrying can help; one queued or in progress that has not moved for `STALE_AFTER_MS` (its message
 * presumed lost; a younger one is presumably still being worked on). `force` takes every item not
 * yet ready. The Worker's ingest and the CLI's `run` and `process` all ask this.
 */
export function needsWork(
  item: Pick<ContentItem, 'processing_status' | 'error' | 'stored_at' | 'updated_at'>,
  nowMs: number,
  force: boolean,
): boolean {
  switch (item.processing_status) {
    case 'pending':
      return true;
    case 'ready_for_content':
      return false;
    case 'failed':
      return force || isRetryableCode(item.error?.code);
    default:
      return force || nowMs - Date.parse(item.updated_at ?? item.stored_at) > STALE_AFTER_MS;
  }
}
