import { describe, expect, it } from 'vitest';
import { GREEN_CLIP_FACTS } from '../../test/fixtures/builders.ts';
import { StreamlogError } from '../errors.ts';
import { type ContentItem, PIPELINE_ORDER, ProcessingStatus } from '../schemas/content-item.ts';
import { assertTransition, canTransition, needsWork, retryTarget, STALE_AFTER_MS } from './state-machine.ts';

const STATES = ProcessingStatus.options;

/** Every allowed change of state other than staying put and entering `failed`. */
const FORWARD: Record<ProcessingStatus, ProcessingStatus[]> = {
  pending: ['queued'],
  queued: ['audio_ready'],
  audio_ready: ['transcribed'],
  transcribed: ['enhanced'],
  enhanced: ['ready_for_content'],
  ready_for_content: ['enhanced'],
  failed: ['pending', 'queued', 'audio_ready', 'transcribed', 'enhanced'],
};

const item: ContentItem = {
  schema_version: '1.0.0',
  content_item_id: 'twitch-TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k',
  ...GREEN_CLIP_FACTS,
  processing_status: 'failed',
  error: { code: 'transcription_failed', message: 'capacity', occurred_at: '2026-11-03T20:20:00Z' },
  stored_at: '2026-11-03T20:15:00Z',
};

describe('the processing state machine', () => {
  it('walks pending → queued → audio_ready → transcribed → enhanced → ready_for_content', () => {
    expect(PIPELINE_ORDER).toEqual([
      'pending',
      'queued',
      'audio_ready',
      'transcribed',
      'enhanced',
      'ready_for_content',
    ]);
    for (let i = 0; i + 1 < PIPELINE_ORDER.length; i++) {
      expect(canTransition(PIPELINE_ORDER[i] as ProcessingStatus, PIPELINE_ORDER[i + 1] as ProcessingStatus)).toBe(
        true,
      );
    }
  });

  it('allows exactly the forward steps, re-enhancing, retries, staying put and failing: nothing else', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        const expected = from === to || to === 'failed' || FORWARD[from].includes(to);
        expect({ from, to, allowed: canTransition(from, to) }).toEqual({ from, to, allowed: expected });
      }
    }
  });

  it.each([
    ['pending', 'transcribed'],
    ['ready_for_content', 'queued'],
    ['queued', 'pending'],
    ['transcribed', 'ready_for_content'],
    ['failed', 'ready_for_content'],
  ] as const)('rejects %s → %s with illegal_transition (409, not retryable)', (from, to) => {
    const subject = { content_item_id: item.content_item_id, processing_status: from };
    try {
      assertTransition(subject, to);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StreamlogError);
      expect(error).toMatchObject({ code: 'illegal_transition', status: 409, retryable: false });
      expect((error as StreamlogError).details).toEqual({ content_item_id: item.content_item_id, from, to });
    }
  });

  it.each(STATES)('lets %s enter failed', (from) => {
    expect(() => assertTransition({ content_item_id: 'x', processing_status: from }, 'failed')).not.toThrow();
  });

  it.each(STATES)('treats %s → %s (the same state) as allowed, so a repeated step does not error', (state) => {
    expect(() => assertTransition({ content_item_id: 'x', processing_status: state }, state)).not.toThrow();
  });
});

describe('retryTarget', () => {
  const transcript = {
    text: 'Green!',
    language: 'en',
    segments: [{ start: 0, end: 1, text: 'Green!' }],
    model: '@cf/openai/whisper-large-v3-turbo',
    provenance: { source: 'offline-file' as const, transcribed_at: '2026-11-03T20:18:00Z', discarded_segment_count: 0 },
  };
  const github_context = {
    username: 'codewithmara',
    window: { start: '2026-11-03T19:54:09Z', end: '2026-11-03T20:34:09Z' },
    repositories: [],
    commits: [],
    pull_requests: [],
    issues: [],
    releases: [],
    matched_at: '2026-11-03T20:19:00Z',
  };

  it.each([
    ['nothing stored but the clip', {}, 'queued'],
    ['audio', { audio_file_url: 'r2://audio/x.mp3' }, 'audio_ready'],
    ['audio and a transcript', { audio_file_url: 'r2://audio/x.mp3', transcript }, 'transcribed'],
    ['a transcript and a GitHub context that was never marked enhanced', { transcript, github_context }, 'transcribed'],
    [
      'a transcript and a GitHub context from a finished enhance step',
      { transcript, github_context, enhanced_at: '2026-11-03T20:19:00Z' },
      'enhanced',
    ],
  ] as const)('resumes a failed item with %s at %s', (_name, stored, expected) => {
    expect(retryTarget({ ...item, ...stored })).toBe(expected);
  });
});

describe('which items still need work', () => {
  const updated = Date.parse('2026-11-03T21:00:00Z');
  const fresh = updated + STALE_AFTER_MS;
  const stale = updated + STALE_AFTER_MS + 1;
  const at = (processing_status: ProcessingStatus, error?: ContentItem['error']) => ({
    ...item,
    processing_status,
    error,
    updated_at: '2026-11-03T21:00:00Z',
  });

  it('always takes a new item and never a ready one, force or not', () => {
    for (const force of [false, true]) {
      expect(needsWork(at('pending'), fresh, force)).toBe(true);
      expect(needsWork(at('ready_for_content'), stale, force)).toBe(false);
    }
  });

  it('takes a failed item when its code is retryable (or unknown), any failed item with force', () => {
    const failedWith = (code: string) => at('failed', { code, message: 'x', occurred_at: '2026-11-03T21:00:00Z' });
    expect(needsWork(failedWith('upstream_timeout'), fresh, false)).toBe(true);
    expect(needsWork(failedWith('no_longer_a_code'), fresh, false)).toBe(true);
    expect(needsWork(at('failed'), fresh, false)).toBe(true);
    for (const code of ['validation_failed', 'configuration_error']) {
      expect(needsWork(failedWith(code), stale, false)).toBe(false);
      expect(needsWork(failedWith(code), fresh, true)).toBe(true);
    }
  });

  it('takes an item in progress only once it has not moved for 30 minutes, or with force', () => {
    for (const state of ['queued', 'audio_ready', 'transcribed', 'enhanced'] as const) {
      expect(needsWork(at(state), fresh, false)).toBe(false);
      expect(needsWork(at(state), stale, false)).toBe(true);
      expect(needsWork(at(state), fresh, true)).toBe(true);
    }
    const neverUpdated = { ...at('queued'), updated_at: undefined };
    expect(needsWork(neverUpdated, Date.parse(item.stored_at) + STALE_AFTER_MS + 1, false)).toBe(true);
  });
});
