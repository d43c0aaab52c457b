import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerControl } from '../../servers/lib/control-client.ts';

const twitch = new ServerControl(env.TWITCH_TEST_SERVER, crypto.randomUUID());

afterEach(() => twitch.reset());

describe('scripted test server, driven from workerd', () => {
  it('answers a scripted response with its status and headers, then falls back to the fake', async () => {
    await twitch.script({
      method: 'POST',
      path: '/oauth2/token',
      response: { status: 503, headers: { 'retry-after': '1' } },
    });
    const scripted = await fetch(`${twitch.url}/oauth2/token`, { method: 'POST', body: '' });
    expect(scripted.status).toBe(503);
    expect(scripted.headers.get('retry-after')).toBe('1');
    const fallback = await fetch(`${twitch.url}/oauth2/token`, { method: 'POST', body: 'client_id=nope' });
    expect(fallback.status).toBe(403);
    await twitch.assertNoUnexpected();
  });

  it('records a request nothing can answer and fails the check loudly', async () => {
    const response = await fetch(`${twitch.url}/helix/streams?user_id=1`);
    expect(response.status).toBe(599);
    await expect(twitch.assertNoUnexpected()).rejects.toThrow(/GET \/helix\/streams/);
  });

  it('records method, path, repeated query parameters, headers and body in arrival order', async () => {
    await fetch(`${twitch.url}/helix/videos?id=1&id=2`, { headers: { 'Client-Id': 'x' } });
    const [request] = await twitch.requests('/helix/videos');
    expect(request).toMatchObject({ method: 'GET', path: '/helix/videos', raw_query: 'id=1&id=2' });
    expect(request?.headers['client-id']).toBe('x');
  });
});
