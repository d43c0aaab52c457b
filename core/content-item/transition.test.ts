import { describe, expect, it } from 'vitest';
import { GREEN_CLIP_FACTS } from '../../test/fixtures/builders.ts';
import { StreamlogError } from '../errors.ts';
import { ContentItem, PIPELINE_ORDER, type ProcessingStatus } from '../schemas/content-item.ts';
import type { Transcript } from '../schemas/transcript.ts';
import { newContentItem } from './create.ts';
import { applyFailure, applyRetry, applyTransition, type StepPatch } from './transition.ts';

const T0 = '2026-11-03T20:15:00Z';
const at = (minute: number) => `2026-11-03T20:${String(15 + minute).padStart(2, '0')}:00Z`;

const fresh = newContentItem(
  { ...GREEN_CLIP_FACTS, clip_title: `<script>alert(1)</script> ${GREEN_CLIP_FACTS.clip_title}` },
  T0,
);

const transcript: Transcript = {
  text: "Green! All green! Let's go!",
  language: 'en',
  segments: [{ start: 0.3, end: 2.15, text: "Green! All green! Let's go!" }],
  model: '@cf/openai/whisper-large-v3-turbo',
  provenance: { source: 'offline-file', transcribed_at: at(3), discarded_segment_count: 0 },
};

/** What each forward step stores as it enters its state. */
const STEP_PATCH: Record<(typeof PIPELINE_ORDER)[number], StepPatch> = {
  pending: {},
  queued: {},
  audio_ready: { audio_file_url: 'r2://streamlog/audio/TinyShinyPenguinPogChamp.mp3' },
  transcribed: { transcript },
  enhanced: {
    github_context: {
      username: 'codewithmara',
      window: { start: '2026-11-03T19:54:09Z', end: '2026-11-03T20:34:09Z' },
      repositories: ['codewithmara/payments-api'],
      commits: [],
      pull_requests: [],
      issues: [],
      releases: [],
      matched_at: at(4),
    },
  },
  ready_for_content: { content_score: 64, content_tags: ['testing'], content_category: 'development' },
};

/** The item after walking the pipeline up to and including `state`. */
function walkTo(state: (typeof PIPELINE_ORDER)[number]): ContentItem {
  let item = fresh;
  for (const [i, step] of PIPELINE_ORDER.entries()) {
    if (step !== 'pending') item = applyTransition(item, step, at(i), STEP_PATCH[step]);
    if (step === state) return item;
  }
  throw new Error(`unknown state ${state}`);
}

describe('applyTransition', () => {
  it('walks every forward step, storing each result, and every intermediate item is a valid ContentItem', () => {
    let item = fresh;
    expect(ContentItem.parse(item).processing_status).toBe('pending');
    for (const [i, step] of PIPELINE_ORDER.entries()) {
      if (step === 'pending') continue;
      item = applyTransition(item, step, at(i), STEP_PATCH[step]);
      expect(item.processing_status).toBe(step);
      expect(item.updated_at).toBe(at(i));
      expect(ContentItem.parse(item)).toEqual(item);
    }
    expect(item).toMatchObject({ enhanced_at: at(4), content_ready_at: at(5), transcript, content_score: 64 });
    expect(item.clip_title).toBe(fresh.clip_title);
  });

  it.each([
    ['pending', 'transcribed'],
    ['ready_for_content', 'queued'],
    ['queued', 'enhanced'],
    ['audio_ready', 'pending'],
  ] as const)('throws illegal_transition for %s → %s and leaves the item untouched', (from, to) => {
    const item = from === 'pending' ? fresh : walkTo(from);
    const before = structuredClone(item);
    expect(() => applyTransition(item, to, at(9))).toThrow(StreamlogError);
    expect(() => applyTransition(item, to, at(9))).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
    expect(item).toEqual(before);
  });

  it('re-enhances a ready item when late GitHub events arrive, clearing content_ready_at until it is ready again', () => {
    const ready = walkTo('ready_for_content');
    const again = applyTransition(ready, 'enhanced', at(20));
    expect(again).toMatchObject({ processing_status: 'enhanced', enhanced_at: at(20) });
    expect(again).not.toHaveProperty('content_ready_at');
    expect(applyTransition(again, 'ready_for_content', at(21)).content_ready_at).toBe(at(21));
  });

  it.each(PIPELINE_ORDER)('is idempotent when %s is applied again with the same result and time', (state) => {
    const item = walkTo(state);
    const index = PIPELINE_ORDER.indexOf(state);
    const once = applyTransition(item, state, at(index), STEP_PATCH[state]);
    expect(once).toEqual(item);
    expect(applyTransition(once, state, at(index), STEP_PATCH[state])).toEqual(once);
  });
});

describe('applyFailure', () => {
  it.each(PIPELINE_ORDER)(
    'moves a %s item to failed with the error code, keeping everything already stored',
    (state) => {
      const item = walkTo(state);
      const failed = applyFailure(item, { code: 'transcription_failed', message: 'Workers AI 3040: capacity' }, at(30));
      expect(failed).toEqual({
        ...item,
        processing_status: 'failed',
        error: { code: 'transcription_failed', message: 'Workers AI 3040: capacity', occurred_at: at(30) },
        updated_at: at(30),
      });
      expect(ContentItem.safeParse(failed).success).toBe(true);
    },
  );

  it('replaces the error when a failed item fails again', () => {
    const failed = applyFailure(fresh, { code: 'storage_failed', message: 'D1 unavailable' }, at(1));
    const again = applyFailure(failed, { code: 'audio_unavailable', message: 'no download URL yet' }, at(2));
    expect(again.error).toEqual({ code: 'audio_unavailable', message: 'no download URL yet', occurred_at: at(2) });
  });
});

describe('applyRetry', () => {
  const cases: [ProcessingStatus, ProcessingStatus][] = [
    ['pending', 'queued'],
    ['queued', 'queued'],
    ['audio_ready', 'audio_ready'],
    ['transcribed', 'transcribed'],
    ['enhanced', 'enhanced'],
    ['ready_for_content', 'enhanced'],
  ];

  it.each(cases)(
    'resumes an item that failed after reaching %s at %s, the furthest its data supports',
    (state, resume) => {
      const failed = applyFailure(
        walkTo(state as (typeof PIPELINE_ORDER)[number]),
        { code: 'x_failed', message: 'x' },
        at(30),
      );
      const retried = applyRetry(failed, at(31));
      expect(retried.processing_status).toBe(resume);
      expect(retried).not.toHaveProperty('error');
      expect(retried.updated_at).toBe(at(31));
      expect(ContentItem.safeParse(retried).success).toBe(true);
    },
  );

  it('keeps the paid-for transcript when resuming', () => {
    const failed = applyFailure(walkTo('transcribed'), { code: 'matching_failed', message: 'x' }, at(30));
    expect(applyRetry(failed, at(31)).transcript).toEqual(transcript);
  });

  it.each(PIPELINE_ORDER)('refuses to retry an item that is %s, not failed', (state) => {
    expect(() => applyRetry(walkTo(state), at(40))).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
  });
});
