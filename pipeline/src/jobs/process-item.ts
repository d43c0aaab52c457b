import { isStreamlogError, StreamlogError } from '../../../core/errors.ts';
import type { ClipDetails, ClipTiming } from '../../../core/pipeline/contracts.ts';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import { transcriptFromWhisper } from '../../../core/transcripts/whisper.ts';
import { enhanceAndScore } from '../enhance/enhance-item.ts';
import type { ClipAudio, PipelineDeps } from '../ports.ts';
import { failureOf } from './ingest-day.ts';

/**
 * Moves one item as far as it can go: audio → transcript → GitHub match and score. Each step
 * stores its result before the next starts, so a failure marks the item `failed` with the step's
 * error code and keeps everything already paid for; the next run (a queue retry or a re-ingest)
 * resumes from there. Running it on a ready item does nothing. Two runs on one item at once (a
 * duplicate delivery) never fail it: the one whose write comes second throws a retryable
 * `concurrent_update`, and its retry finds the item done or resumes it.
 */
export async function processItem(deps: PipelineDeps, contentItemId: string): Promise<ContentItem> {
  let item = await deps.items.get(contentItemId);
  if (!item) {
    throw new StreamlogError('not_found', `no content item ${contentItemId}`, { content_item_id: contentItemId });
  }
  if (item.processing_status === 'ready_for_content') return item;
  if (item.processing_status === 'failed') {
    try {
      item = await deps.items.retry(contentItemId);
    } catch (error) {
      if (isStreamlogError(error, 'illegal_transition')) throw movedByAnotherRun(contentItemId, 'failed');
      throw error;
    }
    deps.log.info('retrying failed item', { content_item_id: contentItemId, resume_at: item.processing_status });
  }
  try {
    let audio: ClipAudio | null = null;
    if (item.processing_status === 'pending') item = await deps.items.transition(contentItemId, 'queued');
    if (item.processing_status === 'queued') {
      audio = await deps.audio.audioFor(item.clip_id);
      item = await deps.items.transition(contentItemId, 'audio_ready', { audio_file_url: audio.ref });
    }
    if (item.processing_status === 'audio_ready') {
      audio ??= await storedAudio(deps, item);
      const raw = await deps.transcriber.transcribe({ clip_id: item.clip_id, audio });
      // Untrusted text: stored as data, never interpreted.
      const stored = await deps.artifacts.put('whisper', JSON.stringify(raw.output));
      const transcript = transcriptFromWhisper(raw.output, {
        model: raw.model,
        source: raw.source,
        transcribed_at: deps.clock.now().toISOString(),
        raw_r2_key: stored.key,
        ...(audio.sha256 === undefined ? {} : { audio_sha256: audio.sha256 }),
        ...(raw.vad_filter === undefined ? {} : { vad_filter: raw.vad_filter }),
      });
      item = await deps.items.transition(contentItemId, 'transcribed', { transcript });
    }
    if (item.processing_status === 'transcribed' || item.processing_status === 'enhanced') {
      const facts = (await deps.clipDetails.timingFor(contentItemId)) ?? timingFromItem(item);
      item = await enhanceAndScore(deps, item, facts.timing, facts.details);
    }
    return item;
  } catch (error) {
    // A queue may deliver the same item twice, at the same time: when the other delivery moved the
    // item first, this step's write is refused, yet nothing failed. Failing the item would drop its
    // clip from the post for good (illegal_transition is not retryable); let the queue retry instead,
    // which finds the item done, or resumes it.
    if (isStreamlogError(error, 'illegal_transition')) {
      const stored = await deps.items.get(contentItemId);
      if (stored && stored.processing_status !== item.processing_status) {
        throw movedByAnotherRun(contentItemId, item.processing_status);
      }
    }
    const failure = failureOf(error);
    await deps.items.fail(contentItemId, failure);
    deps.log.warn('item processing failed', { content_item_id: contentItemId, ...failure });
    throw error;
  }
}

function movedByAnotherRun(contentItemId: string, seen: string): StreamlogError {
  return new StreamlogError('concurrent_update', `content item ${contentItemId} was moved on by another run`, {
    content_item_id: contentItemId,
    seen,
  });
}

/** The audio an earlier run stored: R2 bytes, or the offline reference that stands in for them. */
async function storedAudio(deps: PipelineDeps, item: ContentItem): Promise<ClipAudio> {
  const ref = item.audio_file_url;
  if (ref?.startsWith('audio/')) {
    const bytes = await deps.artifacts.getBytes(ref);
    if (bytes) return { ref, bytes, sha256: ref.slice('audio/'.length) };
  }
  if (ref?.startsWith('offline:')) return { ref };
  // The stored reference is gone: fetch the media again.
  return deps.audio.audioFor(item.clip_id);
}

/** Timing from the item alone, for a clip ingestion stored no Twitch details for. */
function timingFromItem(item: ContentItem): { timing: ClipTiming; details: ClipDetails } {
  return {
    timing: {
      clip_created_at: item.clip_created_at,
      clip_duration: item.clip_duration,
      vod_offset: null,
      video_id: null,
      video_started_at: null,
    },
    details: { game_id: null, broadcaster_language: null },
  };
}
