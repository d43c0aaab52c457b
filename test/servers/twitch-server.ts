import { fixture } from '../fixtures/load.ts';
import type { RecordedRequest, ScriptedResponse } from './lib/protocol.ts';
import { ScriptedServer } from './lib/scripted-server.ts';
import { fakeClipMedia, TWITCH_TEST_CREDENTIALS } from './twitch-credentials.ts';

export { fakeClipMedia, TWITCH_TEST_CREDENTIALS };

interface HelixClipFixture {
  id: string;
  created_at: string;
  [key: string]: unknown;
}

interface VideoFixture {
  id: string;
  created_at: string;
  user_id: string;
}

const read = (name: string) => fixture(`twitch/${name}`) as Record<string, unknown>;

/**
 * A local Twitch that speaks the Helix and OAuth APIs over the recorded fixture world
 * (pipeline/sample/twitch and test/fixtures/twitch): the client-credentials grant, Get Clips with its two pages (sorted by
 * views, the boundary duplicate included) filtered by `started_at`/`ended_at`, Get Videos, Get Clips
 * Download with the broadcaster's user token, and the clip media itself, also served as an audio
 * service (`GET /audio-service/clips/{clip_id}`, the `AUDIO_SERVICE_URL` contract) for every clip
 * Twitch has media for (404 for the one whose download URLs are both null).
 * Every Helix answer carries `Ratelimit-*` headers from one bucket that refills each minute. Anything
 * else is an unexpected request. Errors (401, 429, 5xx, delays, resets) are scripted by each test.
 */
export function createTwitchServer(): ScriptedServer {
  const page1 = read('clips-page1.json') as { data: HelixClipFixture[]; pagination: { cursor: string } };
  const page2 = read('clips-page2.json') as { data: HelixClipFixture[] };
  const videos = (read('videos.json') as { data: VideoFixture[] }).data;
  const downloads = (
    read('clips-downloads.json') as {
      data: { clip_id: string; landscape_download_url: string | null; portrait_download_url: string | null }[];
    }
  ).data;
  const token = (read('oauth-token.json') as { access_token: string }).access_token;
  // One bucket of 800 points for the whole server, full again each minute as Twitch's refills, so a
  // long run (many test files, the long fault-injection form) never finds it empty for good.
  let remaining = 800;
  let resetMs = Date.now() + 60_000;

  const rateHeaders = (): Record<string, string> => {
    if (Date.now() >= resetMs) {
      remaining = 800;
      resetMs = Date.now() + 60_000;
    }
    remaining = Math.max(0, remaining - 1);
    return {
      'Ratelimit-Limit': '800',
      'Ratelimit-Remaining': String(remaining),
      'Ratelimit-Reset': String(Math.ceil(resetMs / 1000)),
    };
  };

  const helix = (request: RecordedRequest, bearer: string, body: unknown): ScriptedResponse => {
    if (request.headers['client-id'] !== TWITCH_TEST_CREDENTIALS.client_id)
      return { status: 401, body: read('error-401-client-id-mismatch.json') };
    if (request.headers.authorization !== `Bearer ${bearer}`) return { status: 401, body: read('error-401.json') };
    return { status: 200, headers: rateHeaders(), body };
  };

  const server = new ScriptedServer('twitch', (request) => {
    if (request.method === 'POST' && request.path === '/oauth2/token') {
      const form = new URLSearchParams(request.body);
      const valid =
        form.get('client_id') === TWITCH_TEST_CREDENTIALS.client_id &&
        form.get('client_secret') === TWITCH_TEST_CREDENTIALS.client_secret &&
        form.get('grant_type') === 'client_credentials';
      if (!valid) return { status: 403, body: { status: 403, message: 'invalid client secret' } };
      return { status: 200, body: read('oauth-token.json') };
    }
    if (request.method === 'GET' && request.path === '/helix/clips') {
      if (request.query.broadcaster_id !== TWITCH_TEST_CREDENTIALS.broadcaster_id) return undefined;
      const from = Date.parse(request.query.started_at ?? '1970-01-01T00:00:00Z');
      const to = Date.parse(request.query.ended_at ?? '2100-01-01T00:00:00Z');
      const inWindow = (clip: HelixClipFixture) => {
        const at = Date.parse(clip.created_at);
        return at >= from && at < to;
      };
      const first = page1.data.filter(inWindow);
      const second = page2.data.filter(inWindow);
      if (request.query.after === page1.pagination.cursor)
        return helix(request, token, { data: second, pagination: {} });
      if (request.query.after !== undefined) return undefined;
      if (first.length === 0) return helix(request, token, { data: second, pagination: {} });
      return helix(request, token, { data: first, pagination: second.length > 0 ? page1.pagination : {} });
    }
    if (request.method === 'GET' && request.path === '/helix/videos') {
      const params = new URLSearchParams(request.raw_query);
      const ids = params.getAll('id');
      if (ids.length > 0)
        return helix(request, token, { data: videos.filter((v) => ids.includes(v.id)), pagination: {} });
      if (params.get('user_id') === TWITCH_TEST_CREDENTIALS.broadcaster_id) {
        const latest = [...videos].sort((a, b) => b.created_at.localeCompare(a.created_at));
        const first = Number(params.get('first') ?? 20);
        return helix(request, token, { data: latest.slice(0, first), pagination: {} });
      }
      return undefined;
    }
    if (request.method === 'GET' && request.path === '/helix/clips/downloads') {
      const clipId = request.query.clip_id;
      const entry = downloads.find((d) => d.clip_id === clipId);
      if (!entry) return helix(request, TWITCH_TEST_CREDENTIALS.user_token, { data: [] });
      const local = (url: string | null) =>
        url === null ? null : `${request.base_url}/media/${entry.clip_id}.mp4?sig=fixture`;
      return helix(request, TWITCH_TEST_CREDENTIALS.user_token, {
        data: [
          {
            clip_id: entry.clip_id,
            landscape_download_url: local(entry.landscape_download_url),
            portrait_download_url: local(entry.portrait_download_url),
          },
        ],
      });
    }
    // The same media as an audio service answers it (`AUDIO_SERVICE_URL=<server>/audio-service`),
    // so a run can transcribe a whole day without Get Clips Download: every clip but the ones the
    // fixture says Twitch has no media for yet (both download URLs null), which answer 404.
    const service = /^\/audio-service\/clips\/([A-Za-z0-9_-]+)$/.exec(request.path);
    const pending = downloads.find((d) => d.clip_id === service?.[1]);
    if (request.method === 'GET' && pending && !pending.landscape_download_url && !pending.portrait_download_url) {
      return { status: 404, body: { error: 'no audio for this clip yet' } };
    }
    const media = /^\/media\/([A-Za-z0-9_-]+)\.mp4$/.exec(request.path) ?? service;
    if (request.method === 'GET' && media?.[1]) {
      return {
        status: 200,
        headers: { 'content-type': 'video/mp4' },
        body_base64: Buffer.from(fakeClipMedia(media[1])).toString('base64'),
      };
    }
    return undefined;
  });
  return server;
}
