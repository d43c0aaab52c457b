import { StreamlogError } from '../../../core/errors.ts';
import { type FetchLike, upstreamFetch } from '../http/upstream-fetch.ts';
import type { Clock } from '../ports.ts';

export interface AppTokenConfig {
  authBaseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
  clock: Clock;
  timeoutMs: number;
}

/** Re-mint this long before Twitch says the token expires, so a request never races the expiry. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

/**
 * A Twitch app access token from the client-credentials grant
 * (`POST {auth}/token`, https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#client-credentials-grant-flow).
 * Cached until shortly before `expires_in`; `invalidate()` after a 401 makes the next call mint a
 * fresh one. Concurrent callers share one in-flight grant.
 */
export class AppTokenProvider {
  readonly #config: AppTokenConfig;
  #token: { value: string; expiresMs: number } | null = null;
  #inFlight: Promise<string> | null = null;

  constructor(config: AppTokenConfig) {
    this.#config = config;
  }

  async get(): Promise<string> {
    if (this.#token && this.#token.expiresMs > this.#config.clock.now().getTime()) return this.#token.value;
    this.#inFlight ??= this.#mint().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Forgets `value` if it is still the cached token (another caller may have re-minted already). */
  invalidate(value: string): void {
    if (this.#token?.value === value) this.#token = null;
  }

  async #mint(): Promise<string> {
    const { authBaseUrl, clientId, clientSecret } = this.#config;
    const response = await upstreamFetch(
      'Twitch OAuth',
      `${authBaseUrl}/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: clientId,
          client_secret: clientSecret,
          grant_type: 'client_credentials',
        }),
      },
      this.#config,
    );
    if (response.status >= 500) {
      throw new StreamlogError('upstream_unavailable', `Twitch OAuth answered ${response.status}`, {
        service: 'twitch',
      });
    }
    if (!response.ok) {
      // 400/403: wrong client id or secret. Retrying cannot fix configuration.
      throw new StreamlogError(
        'configuration_error',
        `Twitch refused the client-credentials grant (${response.status}): check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET`,
        { service: 'twitch', status: response.status },
      );
    }
    const body = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new StreamlogError('upstream_unavailable', 'Twitch OAuth answered without an access_token', {
        service: 'twitch',
      });
    }
    const lifetimeMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 3600_000;
    this.#token = {
      value: body.access_token,
      expiresMs: this.#config.clock.now().getTime() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS),
    };
    return body.access_token;
  }
}
