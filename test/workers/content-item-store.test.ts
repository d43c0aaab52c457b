import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { isStreamlogError } from '../../core/errors.ts';
import { ContentItemStore } from '../../store/content-items/index.ts';
import { clipFacts, githubContext, transcript } from './helpers/clip-facts.ts';
import { testClock } from './helpers/deps.ts';

function storeAt(iso = '2026-11-03T18:00:00.000Z') {
  const clock = testClock(iso);
  const store = new ContentItemStore(env.DB, { clock, timeZone: 'America/Mexico_City' });
  return { store, advance: (seconds: number) => clock.advance(seconds * 1000) };
}

async function rowCount(clipId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM content_items WHERE clip_id = ?1')
    .bind(clipId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function walkTo(store: ContentItemStore, id: string, steps: Parameters<ContentItemStore['transition']>[1][]) {
  for (const step of steps) await store.transition(id, step);
}

describe('ContentItemStore upsert', () => {
  it('creates a pending item keyed by clip, readable by id and by clip', async () => {
    const { store } = storeAt();
    const facts = clipFacts();
    const { item, created } = await store.upsertClip(facts);
    expect(created).toBe(true);
    expect(item.content_item_id).toBe(`twitch-${facts.clip_id}`);
    expect(item.processing_status).toBe('pending');
    expect(item.clip_title).toBe(facts.clip_title);
    expect(await store.get(item.content_item_id)).toEqual(item);
    expect(await store.getByClip('twitch', facts.clip_id)).toEqual(item);
  });

  it('leaves one row when two upserts of the same clip race', async () => {
    const { store } = storeAt();
    const facts = clipFacts();
    const results = await Promise.all(Array.from({ length: 8 }, () => store.upsertClip(facts)));
    expect(await rowCount(facts.clip_id)).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.item.content_item_id)).size).toBe(1);
  });

  it('does not touch an item when the same clip is ingested again unchanged', async () => {
    const { store, advance } = storeAt();
    const facts = clipFacts();
    const first = await store.upsertClip(facts);
    advance(60);
    const second = await store.upsertClip(facts);
    expect(second.created).toBe(false);
    expect(second.item).toEqual(first.item);
  });

  it('refreshes clip facts on re-ingest and keeps what the pipeline stored', async () => {
    const { store, advance } = storeAt();
    const facts = clipFacts();
    const { item } = await store.upsertClip(facts);
    await walkTo(store, item.content_item_id, ['queued', 'audio_ready']);
    await store.transition(item.content_item_id, 'transcribed', { transcript: transcript() });
    advance(600);
    const { item: refreshed, created } = await store.upsertClip({ ...facts, clip_view_count: 212 });
    expect(created).toBe(false);
    expect(refreshed.clip_view_count).toBe(212);
    expect(refreshed.processing_status).toBe('transcribed');
    expect(refreshed.transcript?.text).toBe('Okay, so the webhook retries.');
    expect(refreshed.updated_at).toBe('2026-11-03T18:10:00.000Z');
  });

  it('rejects clip facts that break the schema and stores nothing', async () => {
    const { store } = storeAt();
    const facts = clipFacts({ clip_url: 'javascript:alert(1)' });
    await expect(store.upsertClip(facts)).rejects.toThrow(/clip_url/);
    expect(await rowCount(facts.clip_id)).toBe(0);
  });
});

describe('ContentItemStore state machine', () => {
  it('walks the forward path and stamps enhanced_at and content_ready_at', async () => {
    const { store, advance } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const id = item.content_item_id;
    await walkTo(store, id, ['queued']);
    await store.transition(id, 'audio_ready', { audio_file_url: 'r2://streamlog-artifacts/audio/abc.mp3' });
    await store.transition(id, 'transcribed', { transcript: transcript() });
    advance(30);
    await store.transition(id, 'enhanced', { github_context: githubContext() });
    advance(30);
    const ready = await store.transition(id, 'ready_for_content', {
      content_score: 72,
      content_category: 'development',
    });
    expect(ready.processing_status).toBe('ready_for_content');
    expect(ready.enhanced_at).toBe('2026-11-03T18:00:30.000Z');
    expect(ready.content_ready_at).toBe('2026-11-03T18:01:00.000Z');
    expect(await store.get(id)).toEqual(ready);
  });

  it('refuses an illegal transition with a typed error and leaves the stored item as it was', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const error = await store.transition(item.content_item_id, 'transcribed').catch((e: unknown) => e);
    expect(isStreamlogError(error, 'illegal_transition')).toBe(true);
    expect(await store.get(item.content_item_id)).toEqual(item);
  });

  it('refuses to move a ready item back to queued', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    await walkTo(store, item.content_item_id, [
      'queued',
      'audio_ready',
      'transcribed',
      'enhanced',
      'ready_for_content',
    ]);
    await expect(store.transition(item.content_item_id, 'queued')).rejects.toMatchObject({
      code: 'illegal_transition',
    });
  });

  it('marks a failure with its error code and resumes a retry where the stored data allows', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const id = item.content_item_id;
    await walkTo(store, id, ['queued', 'audio_ready']);
    await store.transition(id, 'transcribed', { transcript: transcript() });
    const failed = await store.fail(id, { code: 'upstream_unavailable', message: 'GitHub returned 502' });
    expect(failed.processing_status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'upstream_unavailable',
      message: 'GitHub returned 502',
      occurred_at: '2026-11-03T18:00:00.000Z',
    });
    expect(failed.transcript).toBeDefined();

    const retried = await store.retry(id);
    expect(retried.processing_status).toBe('transcribed');
    expect(retried.error).toBeUndefined();
    const done = await store.transition(id, 'enhanced', { github_context: githubContext() });
    expect(done.processing_status).toBe('enhanced');
  });

  it('refuses to retry an item that has not failed', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    await expect(store.retry(item.content_item_id)).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('treats a repeated step as a no-op, even when the repeats race', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.transition(item.content_item_id, 'queued')),
    );
    expect(results.every((r) => r.processing_status === 'queued')).toBe(true);
    const row = await env.DB.prepare('SELECT version FROM content_items WHERE content_item_id = ?1')
      .bind(item.content_item_id)
      .first<{ version: number }>();
    expect(row?.version).toBe(2);
  });

  it('loses no update when different writers race on one item', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const id = item.content_item_id;
    await walkTo(store, id, ['queued', 'audio_ready', 'transcribed']);
    await Promise.all([
      store.attachGitHubContext(id, githubContext('codewithmara/payments-api')),
      store.upsertClip({ ...item, clip_view_count: 999 }),
    ]);
    const stored = await store.get(id);
    expect(stored?.clip_view_count).toBe(999);
    expect(stored?.processing_status).toBe('enhanced');
    expect(stored?.github_context?.commits).toHaveLength(1);
  });

  it('reports a missing item as not_found', async () => {
    const { store } = storeAt();
    await expect(store.transition('twitch-nope', 'queued')).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });
});

describe('ContentItemStore GitHub context', () => {
  it('re-enhances a ready item when late events arrive and re-indexes its repositories', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const id = item.content_item_id;
    await walkTo(store, id, ['queued', 'audio_ready', 'transcribed']);
    await store.attachGitHubContext(id, githubContext('codewithmara/payments-api'));
    await store.transition(id, 'ready_for_content');
    const late = await store.attachGitHubContext(id, githubContext('codewithmara/ai-invoice-app'));
    expect(late.processing_status).toBe('enhanced');
    expect(late.content_ready_at).toBeUndefined();
    const repos = await env.DB.prepare('SELECT repository FROM content_item_repositories WHERE content_item_id = ?1')
      .bind(id)
      .all<{ repository: string }>();
    expect(repos.results.map((r) => r.repository)).toEqual(['codewithmara/ai-invoice-app']);
  });

  it('leaves a ready item untouched when the same context arrives again', async () => {
    const { store, advance } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const id = item.content_item_id;
    await walkTo(store, id, ['queued', 'audio_ready', 'transcribed']);
    await store.attachGitHubContext(id, githubContext());
    const ready = await store.transition(id, 'ready_for_content');
    advance(3600);
    expect(await store.attachGitHubContext(id, githubContext())).toEqual(ready);
    expect(await store.get(id)).toEqual(ready);
  });

  it('keeps the status of an item that is not transcribed yet', async () => {
    const { store } = storeAt();
    const { item } = await store.upsertClip(clipFacts());
    const updated = await store.attachGitHubContext(item.content_item_id, githubContext());
    expect(updated.processing_status).toBe('pending');
    expect(updated.github_context?.username).toBe('codewithmara');
  });
});
