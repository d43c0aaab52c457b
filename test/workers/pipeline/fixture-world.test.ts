import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamlogError } from '../../../core/errors.ts';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import { queueDeps } from '../../../pipeline/src/deps.ts';
import { type IngestSummary, ingestDay } from '../../../pipeline/src/jobs/ingest-day.ts';
import { processItem } from '../../../pipeline/src/jobs/process-item.ts';
import type { PipelineDeps, Transcriber } from '../../../pipeline/src/ports.ts';
import { dispatchBatch } from '../../../pipeline/src/queue/dispatch.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { fakeServiceVars, testDeps } from '../helpers/deps.ts';

/**
 * The recorded fixture world end to end (STREAM_TIMEZONE=America/Mexico_City): Twitch from the
 * local fake Helix, GitHub from the bundled sample activity, transcripts from the sample files.
 */
const twitch = new ServerControl(env.TWITCH_TEST_SERVER, crypto.randomUUID());
const { deps, queue } = testDeps(fakeServiceVars(twitch.url));
const id = (clip: string) => `twitch-${clip}`;
const FLAKY_CLIP = 'SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp';
const summaries = new Map<string, IngestSummary>();
const transcribed: string[] = [];
let failedOnce: ContentItem | null = null;

/** The offline transcriber, failing the first attempt for one clip: a forced, retryable failure. */
const flaky: Transcriber = {
  async transcribe(request) {
    transcribed.push(request.clip_id);
    if (request.clip_id === FLAKY_CLIP && transcribed.filter((c) => c === FLAKY_CLIP).length === 1) {
      throw new StreamlogError('upstream_unavailable', 'Workers AI answered 503');
    }
    return base.transcribe(request);
  },
};
const base = deps.transcriber;
const world: PipelineDeps = { ...deps, transcriber: flaky };

async function drain(): Promise<void> {
  for (const message of queue.sent.splice(0)) {
    if (message.type !== 'process_item') throw new Error(`unexpected ${message.type} message`);
    try {
      await processItem(world, message.content_item_id);
    } catch (error) {
      if (message.content_item_id === id(FLAKY_CLIP)) failedOnce = await deps.items.get(message.content_item_id);
      else if (message.content_item_id !== id('ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z')) throw error;
    }
  }
}

async function item(clip: string): Promise<ContentItem> {
  const found = await deps.items.get(id(clip));
  if (!found) throw new Error(`no item for ${clip}`);
  return found;
}

function links(item: ContentItem): number {
  const c = item.github_context;
  return c ? c.commits.length + c.pull_requests.length + c.issues.length + c.releases.length : 0;
}

beforeAll(async () => {
  for (const date of ['2026-11-03', '2026-11-05', '2026-11-07', '2026-11-09', '2026-11-10']) {
    summaries.set(date, await ingestDay(world, { date, force: false }));
    await drain();
  }
});

afterAll(() => twitch.finish());

describe('the fixture world, ingested day by day in America/Mexico_City', () => {
  it('puts the three clips dated 2026-11-10 in UTC on the 2026-11-09 stream day, and none on 2026-11-10', async () => {
    const nov9 = await deps.clipDetails.itemsOfDay('2026-11-09');
    expect(nov9.sort()).toEqual(
      [
        'CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B',
        'DizzySharpFoxNotLikeThis-Lc2_Vd9Hs4Qp7Wm1',
        'FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S',
        'ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z',
        'QuietSleepyMothResidentSleeper-Ts5Gz0Kw8Hm2Nb7V',
      ].map(id),
    );
    expect(await deps.clipDetails.itemsOfDay('2026-11-10')).toEqual([]);
    expect(summaries.get('2026-11-10')?.clips.new).toBe(0);
  });

  it('stores the clip repeated across the Get Clips page boundary as one item', async () => {
    expect(summaries.get('2026-11-09')?.clips).toMatchObject({ new: 5, duplicates: 1 });
    const { results } = await env.DB.prepare('SELECT COUNT(*) AS n FROM content_items WHERE clip_id = ?1')
      .bind('CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B')
      .all<{ n: number }>();
    expect(results[0]?.n).toBe(1);
  });

  it('links the pushes made 2.5–4.5 minutes after a clip to that clip, with a reason', async () => {
    for (const clip of [
      'ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd',
      'CleverQuietOtterCoolCat-Hq3Lm9Tz0XwYb2Vc',
      'HugeTenderWalrusNotLikeThis-pX8c_JvN2aQe5Rt0',
      'ShyFancyKoalaSeemsGood-d2Fh8Kw5Ny1Tq6Lz',
      'CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B',
    ]) {
      const found = await item(clip);
      expect(found.processing_status, clip).toBe('ready_for_content');
      const commits = found.github_context?.commits ?? [];
      expect(commits.length, clip).toBeGreaterThan(0);
      for (const commit of commits) {
        expect(commit.reason.length).toBeGreaterThan(10);
        expect(commit.offset_seconds).toBeGreaterThan(0);
      }
    }
  });

  it('categorises the Minecraft clip as gaming with no GitHub links', async () => {
    const creeper = await item('LoudBrightCreeperBabyRage-Vn7Rk3Pw0Qs9Lm2D');
    expect(creeper.content_category).toBe('gaming');
    expect(links(creeper)).toBe(0);
  });

  it('links nothing to the silent clip: "other", its time-only neighbours nearby and never cited', async () => {
    const silent = await item('QuietSleepyMothResidentSleeper-Ts5Gz0Kw8Hm2Nb7V');
    expect(silent.content_category).toBe('other');
    expect(links(silent)).toBe(0);
    expect(silent.github_context?.nearby).toContainEqual(
      expect.objectContaining({
        kind: 'pull_request',
        label: '#43 WIP: verify Stripe-Signature v2',
        reason:
          'pull request #43 closed 7 min after the clip in codewithmara/payments-api; linked by time only; not cited',
      }),
    );
  });

  it('makes no items for 2026-11-07 and links its push, tag and release to nothing', async () => {
    expect(summaries.get('2026-11-07')?.clips.new).toBe(0);
    expect(await deps.clipDetails.itemsOfDay('2026-11-07')).toEqual([]);
    const { results } = await env.DB.prepare('SELECT item FROM content_items').all<{ item: string }>();
    for (const row of results) {
      const context = (JSON.parse(row.item) as ContentItem).github_context;
      const dates = [
        ...(context?.commits ?? []),
        ...(context?.pull_requests ?? []),
        ...(context?.issues ?? []),
        ...(context?.releases ?? []),
      ].map((entry) => entry.occurred_at.slice(0, 10));
      expect(dates).not.toContain('2026-11-07');
    }
  });

  it('keeps the spoken language Whisper detected, and a silent clip as a valid empty transcript', async () => {
    expect((await item('FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S')).transcript?.language).toBe('es');
    const silent = await item('QuietSleepyMothResidentSleeper-Ts5Gz0Kw8Hm2Nb7V');
    expect(silent.processing_status).toBe('ready_for_content');
    expect(silent.transcript?.text).toBe('');
    expect(silent.transcript?.provenance.raw_r2_key).toMatch(/^whisper\//);
  });

  it('stores the prompt injection read aloud as transcript data and changes nothing about the run', async () => {
    const badger = await item('WildSneakyBadgerTriHard-Jm4vQ9zLr2Kp7Xs1');
    expect(badger.transcript?.text).toMatch(/ignore previous instructions/i);
    expect(badger.processing_status).toBe('ready_for_content');
    // Same path as its neighbours: same category rules, no extra work queued, nothing else touched.
    const neighbour = await item('HugeTenderWalrusNotLikeThis-pX8c_JvN2aQe5Rt0');
    expect(Object.keys(badger).sort()).toEqual(Object.keys(neighbour).sort());
    const before = queue.sent.length;
    await processItem(world, badger.content_item_id);
    expect(queue.sent.length).toBe(before);
    expect(await item('WildSneakyBadgerTriHard-Jm4vQ9zLr2Kp7Xs1')).toEqual(badger);
  });

  it('leaves a clip without media failed with a retryable code, keeping its facts', async () => {
    const fresh = await item('ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z');
    expect(fresh.processing_status).toBe('failed');
    expect(fresh.error?.code).toBe('audio_unavailable');
    expect(fresh.clip_title).toContain('PR #13 merged live');
  });

  it('leaves a forced failure as failed with its code, and a retry resumes from the stored audio and completes', async () => {
    expect(failedOnce).toMatchObject({ processing_status: 'failed', error: { code: 'upstream_unavailable' } });
    expect(failedOnce?.audio_file_url).toBe(`offline:${FLAKY_CLIP}`);
    const retried = await processItem(world, id(FLAKY_CLIP));
    expect(retried.processing_status).toBe('ready_for_content');
    expect(retried.error).toBeUndefined();
    expect(transcribed.filter((clip) => clip === FLAKY_CLIP)).toHaveLength(2);
  });

  it('changes nothing and queues nothing when an ingest_day message is delivered again', async () => {
    const snapshot = async () =>
      (await env.DB.prepare('SELECT item, version FROM content_items ORDER BY content_item_id').all()).results;
    const before = await snapshot();
    const again = await ingestDay(world, { date: '2026-11-05', force: false });
    expect(again.clips).toMatchObject({ new: 0, updated: 0, unchanged: 5 });
    expect(queue.sent).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('acks a redelivered process_item through the queue dispatcher and changes nothing', async () => {
    const before = await item('CleverQuietOtterCoolCat-Hq3Lm9Tz0XwYb2Vc');
    const body = { type: 'process_item', content_item_id: before.content_item_id, enqueued_at: '2026-11-10T02:00:00Z' };
    const batch = createMessageBatch('streamlog-pipeline', [
      { id: 'redelivered-1', timestamp: new Date(), attempts: 2, body },
    ]);
    const ctx = createExecutionContext();
    await dispatchBatch(batch, queueDeps(env));
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['redelivered-1']);
    expect(await item('CleverQuietOtterCoolCat-Hq3Lm9Tz0XwYb2Vc')).toEqual(before);
  });

  it('re-checks a clip whose vod_offset Twitch had not set yet and records the new timing', async () => {
    const eagle = id('ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z');
    expect(await deps.clipDetails.needingRecheck('2026-11-09')).toEqual([eagle]);
    expect((await deps.clipDetails.timingFor(eagle))?.timing.vod_offset).toBeNull();
    const later = structuredClone(
      (await (
        await fetch(
          `${twitch.url}/helix/clips?broadcaster_id=918273645&after=eyJiIjpudWxsLCJhIjp7IkN1cnNvciI6Ik9END0ifX0`,
          {
            headers: { 'client-id': 'fixture-client-id', authorization: 'Bearer k3v9q2mzx7w1tbn0r5y8hc4d6jf0ua' },
          },
        )
      ).json()) as { data: { id: string; vod_offset: number | null }[] },
    );
    for (const clip of later.data)
      if (clip.id === 'ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z') clip.vod_offset = 12570;
    await twitch.script({
      path: '/helix/clips',
      query: { started_at: '2026-11-10T00:00:00.000Z' },
      response: { status: 200, body: { data: later.data.filter((c) => c.id.startsWith('ProudFast')), pagination: {} } },
    });
    await ingestDay(world, { date: '2026-11-09', force: false });
    queue.sent.splice(0);
    expect((await deps.clipDetails.timingFor(eagle))?.timing.vod_offset).toBe(12570);
    expect(await deps.clipDetails.needingRecheck('2026-11-09')).toEqual([]);
  });
});
