import { StreamlogError } from '../../../core/errors.ts';
import { backoff } from '../../../core/time/backoff.ts';
import { type FetchLike, upstreamFetch } from '../http/upstream-fetch.ts';
import type { Clock, Logger } from '../ports.ts';
import type { AppTokenProvider } from './app-token.ts';

/** Helix retries wait 0.25 s, 0.5 s, 1 s, … at most 4 s. */
const helixBackoffMs = (attempt: number) => backoff(attempt, 250, 4000);

export interface HelixClientConfig {
  apiBaseUrl: string;
  clientId: string;
  tokens: AppTokenProvider;
  fetch: FetchLike;
  clock: Clock;
  log: Logger;
  timeoutMs: number;
  /** The longest this client waits for a rate-limit bucket to refill before giving up (retryable). */
  maxRateLimitWaitMs: number;
  /** Attempts per request across 401 re-mints, 429 waits, 5xx and timeouts. */
  maxAttempts: number;
}

/** Which token a Helix call needs: the app token, or the broadcaster's user token (Get Clips Download). */
export type HelixAuth = { kind: 'app' } | { kind: 'user'; token: string };

export interface HelixResponse {
  json: unknown;
  /** The body exactly as sent, for R2. */
  text: string;
}

/**
 * Calls Helix with the right token and within its rate limits
 * (https://dev.twitch.tv/docs/api/guide/#twitch-rate-limits):
 * - `Ratelimit-Remaining`/`Ratelimit-Reset` (epoch seconds) are tracked; with the bucket empty the
 *   next call waits for the reset, and a 429 is waited out the same way;
 * - a 401 for an invalid or expired app token re-mints it once; a 401 saying the client id and
 *   token do not match is a configuration error that no retry fixes;
 * - 5xx and timeouts are retried with a short backoff, then surface as retryable errors.
 */
export class HelixClient {
  readonly #config: HelixClientConfig;
  #bucket: { remaining: number; resetMs: number } | null = null;

  constructor(config: HelixClientConfig) {
    this.#config = config;
  }

  async get(path: string, params: URLSearchParams, auth: HelixAuth = { kind: 'app' }): Promise<HelixResponse> {
    const { clock, maxAttempts } = this.#config;
    let reminted = false;
    let lastFailure: StreamlogError | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await this.#waitForBucket();
      const token = auth.kind === 'app' ? await this.#config.tokens.get() : auth.token;
      let response: Response;
      try {
        response = await upstreamFetch(
          'Twitch Helix',
          `${this.#config.apiBaseUrl}${path}?${params}`,
          { headers: { 'Client-Id': this.#config.clientId, Authorization: `Bearer ${token}` } },
          this.#config,
        );
      } catch (error) {
        if (!(error instanceof StreamlogError) || !error.retryable) throw error;
        lastFailure = error;
        await clock.sleep(helixBackoffMs(attempt));
        continue;
      }
      this.#observe(response.headers);
      if (response.ok) {
        const text = await response.text();
        try {
          return { json: JSON.parse(text), text };
        } catch {
          throw new StreamlogError('upstream_unavailable', `Twitch ${path} answered with a body that is not JSON`, {
            service: 'twitch',
          });
        }
      }
      const message = await errorMessage(response);
      if (response.status === 401) {
        if (/client id .*do(es)? not match/i.test(message)) {
          throw new StreamlogError(
            'configuration_error',
            'Twitch says the client id and the token do not match: check TWITCH_CLIENT_ID',
            { service: 'twitch', path },
          );
        }
        if (auth.kind === 'user') {
          throw new StreamlogError(
            'configuration_error',
            'Twitch rejected the broadcaster user token: renew TWITCH_USER_TOKEN (scope editor:manage:clips)',
            { service: 'twitch', path },
          );
        }
        if (reminted) {
          throw new StreamlogError('upstream_rejected', 'Twitch rejected a freshly minted app token', {
            service: 'twitch',
            path,
          });
        }
        this.#config.log.info('twitch app token rejected; minting a new one', { path });
        this.#config.tokens.invalidate(token);
        reminted = true;
        continue;
      }
      if (response.status === 429) {
        lastFailure = new StreamlogError('upstream_rate_limited', 'Twitch kept answering 429 Too Many Requests', {
          service: 'twitch',
          path,
        });
        // The bucket state was just updated from this response's headers; without them, back off.
        if (!this.#bucket || this.#bucket.resetMs <= clock.now().getTime()) await clock.sleep(helixBackoffMs(attempt));
        continue;
      }
      if (response.status >= 500) {
        lastFailure = new StreamlogError('upstream_unavailable', `Twitch ${path} answered ${response.status}`, {
          service: 'twitch',
          path,
          status: response.status,
        });
        await clock.sleep(helixBackoffMs(attempt));
        continue;
      }
      throw new StreamlogError('upstream_rejected', `Twitch ${path} answered ${response.status}: ${message}`, {
        service: 'twitch',
        path,
        status: response.status,
      });
    }
    throw (
      lastFailure ??
      new StreamlogError('upstream_unavailable', `Twitch ${path} did not succeed`, { service: 'twitch', path })
    );
  }

  #observe(headers: Headers): void {
    const remaining = Number(headers.get('ratelimit-remaining'));
    const reset = Number(headers.get('ratelimit-reset'));
    if (headers.has('ratelimit-remaining') && Number.isFinite(remaining) && Number.isFinite(reset)) {
      this.#bucket = { remaining, resetMs: reset * 1000 };
    }
  }

  async #waitForBucket(): Promise<void> {
    const bucket = this.#bucket;
    if (!bucket || bucket.remaining > 0) return;
    const waitMs = bucket.resetMs - this.#config.clock.now().getTime();
    if (waitMs <= 0) return;
    if (waitMs > this.#config.maxRateLimitWaitMs) {
      throw new StreamlogError('upstream_rate_limited', 'Twitch rate limit resets later than this run can wait', {
        service: 'twitch',
        reset_at: new Date(bucket.resetMs).toISOString(),
      });
    }
    this.#config.log.info('waiting for the twitch rate limit to reset', { wait_ms: waitMs });
    await this.#config.clock.sleep(waitMs);
    this.#bucket = null;
  }
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  return typeof body?.message === 'string' ? body.message.slice(0, 200) : '';
}
