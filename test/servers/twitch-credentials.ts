/** Credentials the fake Twitch accepts; tests configure the client with these. */
export const TWITCH_TEST_CREDENTIALS = {
  client_id: 'fixture-client-id',
  client_secret: 'fixture-client-secret',
  broadcaster_id: '918273645',
  user_token: 'fixture-broadcaster-user-token',
} as const;

/** The access token test/fixtures/twitch/oauth-token.json mints. */
export const FIXTURE_APP_TOKEN = 'k3v9q2mzx7w1tbn0r5y8hc4d6jf0ua';

/**
 * Media the fake serves for a clip: a short ID3-like header followed by the clip id, so the fake
 * Workers AI can tell which clip's audio it was given.
 */
export function fakeClipMedia(clipId: string): Uint8Array {
  return new Uint8Array([0x49, 0x44, 0x33, 0x04, 0, 0, ...new TextEncoder().encode(`clip:${clipId}`)]);
}
