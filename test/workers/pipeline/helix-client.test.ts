import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { FIXTURE_APP_TOKEN } from '../../servers/twitch-credentials.ts';
import { fakeServiceVars, testClock, testDeps } from '../helpers/deps.ts';
import { failure } from '../helpers/failure.ts';

const twitch = new ServerControl(env.TWITCH_TEST_SERVER, crypto.randomUUID());
// Six hours of stream C: one Get Clips window whose answer spans both fixture pages.
const STREAM_C = { startMs: Date.parse('2026-11-09T18:00:00Z'), endMs: Date.parse('2026-11-10T00:00:00Z') };

afterEach(async () => {
  await twitch.assertNoUnexpected();
  await twitch.reset();
});

function source(clock = testClock()) {
  return testDeps(fakeServiceVars(twitch.url), clock).deps.clips;
}

describe('Twitch Helix client against a local Twitch', () => {
  it('mints an app token, pages by cursor and keeps the clip repeated across the page boundary once', async () => {
    const result = await source().clipsInWindow(STREAM_C);
    expect(result.fetched).toBe(3);
    expect(result.duplicates).toBe(1);
    expect(result.clips.map((c) => c.facts.clip_id)).toEqual([
      'CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B',
      'FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S',
    ]);
    // The later observation (more views) wins.
    expect(result.clips[0]?.facts.clip_view_count).toBe(212);
    expect(result.clips.filter((c) => c.facts.clip_id === 'CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B')).toHaveLength(1);
    const requests = await twitch.log();
    const clipCalls = requests.requests.filter((r) => r.path === '/helix/clips');
    expect(clipCalls.map((r) => r.query.after ?? null)).toEqual([null, 'eyJiIjpudWxsLCJhIjp7IkN1cnNvciI6Ik9END0ifX0']);
    expect(clipCalls[0]?.headers.authorization).toBe(`Bearer ${FIXTURE_APP_TOKEN}`);
    expect(clipCalls[0]?.query).toMatchObject({ broadcaster_id: '918273645', first: '100' });
    expect(requests.requests.filter((r) => r.path === '/oauth2/token')).toHaveLength(1);
    // The raw pages are kept in R2 exactly as sent.
    expect(result.raw_r2_keys).toHaveLength(2);
    expect(await env.ARTIFACTS.head(result.raw_r2_keys[0] ?? '')).not.toBeNull();
  });

  it('asks for clips in bounded windows rather than one long cursor walk', async () => {
    const day = { startMs: Date.parse('2026-11-09T06:00:00Z'), endMs: Date.parse('2026-11-10T18:00:00Z') };
    await source().clipsInWindow(day);
    const windows = (await twitch.requests('/helix/clips')).map((r) => [r.query.started_at, r.query.ended_at]);
    expect(windows.length).toBeGreaterThanOrEqual(6);
    for (const [start, end] of windows)
      expect(Date.parse(end ?? '') - Date.parse(start ?? '')).toBeLessThanOrEqual(6 * 3600_000);
  });

  it('re-mints the app token once when Helix says it is invalid or expired', async () => {
    await twitch.script({
      path: '/helix/videos',
      response: { status: 401, body: { error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' } },
    });
    const { videos } = await source().videos(['2616871235']);
    expect(videos).toEqual([{ video_id: '2616871235', started_at: '2026-11-09T22:00:05Z', duration_s: 13310 }]);
    expect(await twitch.requests('/oauth2/token')).toHaveLength(2);
  });

  it('reports a client-id mismatch as a configuration error without re-minting or retrying', async () => {
    const error = await failure(
      testDeps(fakeServiceVars(twitch.url, { TWITCH_CLIENT_ID: 'someone-elses-client' })).deps.clips.latestVideo(),
    );
    expect(error.code).toBe('configuration_error');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/TWITCH_CLIENT_ID/);
    // A wrong client id is refused by the token endpoint first: one call, no retries.
    expect(await twitch.requests('/oauth2/token')).toHaveLength(1);
    expect(await twitch.requests('/helix')).toHaveLength(0);
  });

  it('treats a 401 "Client ID and OAuth token do not match" from Helix as configuration, not as an expired token', async () => {
    await twitch.script({
      path: '/helix/videos',
      response: {
        status: 401,
        body: { error: 'Unauthorized', status: 401, message: 'Client ID and OAuth token do not match' },
      },
    });
    const error = await failure(source().latestVideo());
    expect(error.code).toBe('configuration_error');
    expect(await twitch.requests('/oauth2/token')).toHaveLength(1);
    expect(await twitch.requests('/helix/videos')).toHaveLength(1);
  });

  it('waits out a 429 until Ratelimit-Reset and then succeeds', async () => {
    const clock = testClock('2026-11-10T02:00:00Z');
    const resetEpoch = Date.parse('2026-11-10T02:00:20Z') / 1000;
    await twitch.script({
      path: '/helix/videos',
      response: {
        status: 429,
        headers: { 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(resetEpoch) },
        body: { error: 'Too Many Requests', status: 429, message: 'Too Many Requests' },
      },
    });
    const video = await source(clock).latestVideo();
    expect(video?.video_id).toBe('2616871235');
    expect(clock.sleeps).toEqual([20_000]);
    expect(await twitch.requests('/helix/videos')).toHaveLength(2);
  });

  it('waits before the next call when a success says the bucket is empty', async () => {
    const clock = testClock('2026-11-10T02:00:00Z');
    await twitch.script({
      path: '/helix/videos',
      response: {
        status: 200,
        headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(Date.parse('2026-11-10T02:00:05Z') / 1000) },
        body: { data: [], pagination: {} },
      },
    });
    const clips = source(clock);
    expect(await clips.latestVideo()).toBeNull();
    expect(clock.sleeps).toEqual([]);
    await clips.latestVideo();
    expect(clock.sleeps).toEqual([5_000]);
  });

  it('gives up with a retryable error when the rate limit resets later than it can wait', async () => {
    const clock = testClock('2026-11-10T02:00:00Z');
    await twitch.script({
      path: '/helix/videos',
      response: {
        status: 429,
        headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(Date.parse('2026-11-10T03:00:00Z') / 1000) },
        body: { error: 'Too Many Requests', status: 429 },
      },
    });
    const error = await failure(source(clock).latestVideo());
    expect(error).toMatchObject({ code: 'upstream_rate_limited', retryable: true });
  });

  it('retries a 5xx with backoff and succeeds when Twitch recovers', async () => {
    const clock = testClock();
    await twitch.script({ path: '/helix/videos', times: 2, response: { status: 503, body: 'upstream connect error' } });
    expect((await source(clock).latestVideo())?.video_id).toBe('2616871235');
    expect(clock.sleeps).toEqual([250, 500]);
  });

  it('surfaces a persistent 5xx as a retryable upstream failure', async () => {
    await twitch.script({
      path: '/helix/videos',
      times: 10,
      response: { status: 500, body: { error: 'Internal Server Error' } },
    });
    const error = await failure(source().latestVideo());
    expect(error).toMatchObject({ code: 'upstream_unavailable', retryable: true });
    expect(await twitch.requests('/helix/videos')).toHaveLength(4);
  });

  it('times out a Helix call that does not answer and says so with a retryable error', async () => {
    const slow = testDeps(fakeServiceVars(twitch.url, { HTTP_TIMEOUT_MS: '150' })).deps.clips;
    await twitch.script({
      path: '/helix/videos',
      times: 10,
      response: { status: 200, delay_ms: 1000, body: { data: [] } },
    });
    const error = await failure(slow.latestVideo());
    expect(error).toMatchObject({ code: 'upstream_timeout', retryable: true });
  });

  it('asks Get Videos for many VODs in one call with repeated id parameters', async () => {
    const { videos } = await source().videos(['2612004411', '2613559020', '2612004411']);
    expect(videos.map((v) => v.video_id).sort()).toEqual(['2612004411', '2613559020']);
    const [call] = await twitch.requests('/helix/videos');
    expect(call?.raw_query).toBe('id=2612004411&id=2613559020');
  });
});

describe('clip audio through Get Clips Download', () => {
  const withUserToken = () =>
    testDeps(
      fakeServiceVars(twitch.url, {
        AI_PROVIDER: 'workers-ai',
        TWITCH_USER_TOKEN: 'fixture-broadcaster-user-token',
        CLOUDFLARE_ACCOUNT_ID: 'fixture-account',
        CLOUDFLARE_API_TOKEN: 'fixture-cf-api-token',
      }),
    ).deps.audio;

  it('downloads the media with the broadcaster user token and stores it in R2 by content', async () => {
    const audio = await withUserToken().audioFor('BraveEagerSalamanderPJSalt-4kQ2mVn8Xc1RtY7b');
    expect(audio.ref).toMatch(/^audio\/[0-9a-f]{64}$/);
    expect(new TextDecoder().decode(audio.bytes)).toContain('clip:BraveEagerSalamanderPJSalt-4kQ2mVn8Xc1RtY7b');
    expect(await env.ARTIFACTS.head(audio.ref)).not.toBeNull();
    const [call] = await twitch.requests('/helix/clips/downloads');
    expect(call?.headers.authorization).toBe('Bearer fixture-broadcaster-user-token');
    expect(call?.query).toMatchObject({ editor_id: '918273645', broadcaster_id: '918273645' });
  });

  it('says audio is not available yet, retryably, when Twitch has no download URL for a fresh clip', async () => {
    const error = await failure(withUserToken().audioFor('ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z'));
    expect(error).toMatchObject({ code: 'audio_unavailable', retryable: true });
  });
});
