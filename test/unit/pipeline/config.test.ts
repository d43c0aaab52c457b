import { describe, expect, it } from 'vitest';
import { isStreamlogError } from '../../../core/errors.ts';
import { parsePipelineSettings } from '../../../pipeline/src/config.ts';

function errorOf(vars: Record<string, string>): string {
  try {
    parsePipelineSettings(vars);
  } catch (error) {
    if (isStreamlogError(error, 'configuration_error')) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('pipeline settings (DESIGN §7)', () => {
  it('runs offline on the sample world when nothing is set', () => {
    const settings = parsePipelineSettings({});
    expect(settings).toMatchObject({ timeZone: 'UTC', twitch: null, aiProvider: 'offline', transcriptsDir: null });
    expect(settings.cloudflare.apiBaseUrl).toBe('https://api.cloudflare.com/client/v4');
  });

  it('reads Twitch credentials and base URLs, trimming a trailing slash', () => {
    const settings = parsePipelineSettings({
      TWITCH_CLIENT_ID: 'id',
      TWITCH_CLIENT_SECRET: 'secret',
      TWITCH_BROADCASTER_ID: '918273645',
      TWITCH_API_BASE_URL: 'http://127.0.0.1:9999/helix/',
    });
    expect(settings.twitch).toMatchObject({
      apiBaseUrl: 'http://127.0.0.1:9999/helix',
      authBaseUrl: 'https://id.twitch.tv/oauth2',
      broadcasterId: '918273645',
    });
  });

  it('names what is wrong in one line', () => {
    expect(errorOf({ STREAM_TIMEZONE: 'Mars/Olympus' })).toMatch(
      /STREAM_TIMEZONE "Mars\/Olympus" is not an IANA time zone/,
    );
    expect(errorOf({ TWITCH_CLIENT_ID: 'id' })).toMatch(/TWITCH_CLIENT_SECRET, TWITCH_BROADCASTER_ID not/);
    expect(errorOf({ AI_PROVIDER: 'gpt' })).toMatch(/AI_PROVIDER must be "workers-ai" or "offline"/);
    expect(errorOf({ AI_PROVIDER: 'workers-ai' })).toMatch(/needs clip audio/);
    expect(
      errorOf({
        TWITCH_API_BASE_URL: 'ftp://x',
        TWITCH_CLIENT_ID: 'a',
        TWITCH_CLIENT_SECRET: 'b',
        TWITCH_BROADCASTER_ID: '1',
      }),
    ).toMatch(/TWITCH_API_BASE_URL must be an http\(s\) URL/);
    expect(errorOf({ HTTP_TIMEOUT_MS: 'soon' })).toMatch(/HTTP_TIMEOUT_MS/);
    for (const message of [errorOf({ TWITCH_CLIENT_ID: 'id' }), errorOf({ AI_PROVIDER: 'gpt' })])
      expect(message).not.toContain('\n');
  });

  it('keeps the EventSub secret and the one being rotated out, current first', () => {
    expect(
      parsePipelineSettings({ TWITCH_EVENTSUB_SECRET: 'new', TWITCH_EVENTSUB_SECRET_PREVIOUS: 'old' }).eventsubSecrets,
    ).toEqual(['new', 'old']);
  });
});
