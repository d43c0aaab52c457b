import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/core';
import { isStreamlogError, StreamlogError } from '../../../core/errors.ts';
import type { PublishingSettings } from '../config.ts';
import { type FailedAttempt, type GitHubCallOptions, waitOrThrow } from '../github/call-policy.ts';
import { upstreamFetch } from '../http/upstream-fetch.ts';
import { appPrivateKeyPkcs8 } from './github-app-auth.ts';

/** Defaults: 15 s per attempt (as `HTTP_TIMEOUT_MS`), 4 attempts, rate-limit waits up to 65 s. */
export interface GitHubRestOptions extends GitHubCallOptions {
  settings: PublishingSettings;
}

/** What one publish has sent so far; every write request (retries included) is counted. */
export interface CallContext {
  writes: number;
}

export interface RestAnswer {
  status: number;
  data: unknown;
}

export interface SendOptions {
  /** Statuses answered to the caller instead of thrown (404 for a missing ref, 422 for "already exists"). */
  allow?: readonly number[];
  /**
   * `false`: a 5xx, timeout or network error is thrown at once (as a retryable error) instead of
   * retried, for writes whose retry is better replaced by a look (creating a pull request).
   */
  retryTransient?: boolean;
}

/**
 * The only write routes the publisher may call. Anything else (merges, reviews, the contents API,
 * branch protection) throws before a request leaves: the pipeline never merges or approves.
 */
const WRITE_ROUTES = new Set([
  'POST /repos/{owner}/{repo}/git/trees',
  'POST /repos/{owner}/{repo}/git/commits',
  'POST /repos/{owner}/{repo}/git/refs',
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  'POST /repos/{owner}/{repo}/pulls',
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
]);

/**
 * `@octokit/core` (+ `@octokit/auth-app` for a GitHub App) under the pipeline's own failure policy,
 * on the injected clock: 401 is a `configuration_error`, rate limits are waited out up to 65 s,
 * 5xx/timeouts/network errors are retried with backoff, then become retryable errors the queue
 * understands. Octokit's retry and throttling plugins are not used: they wait on Bottleneck timers a
 * test clock cannot drive, and throttling spaces writes ≥ 1 s apart (3 s for PR creation).
 */
export class GitHubRest {
  readonly #options: Required<GitHubRestOptions>;
  #client: Promise<Octokit> | undefined;

  constructor(options: GitHubRestOptions) {
    this.#options = {
      ...options,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxAttempts: options.maxAttempts ?? 4,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 65_000,
    };
  }

  get settings(): PublishingSettings {
    return this.#options.settings;
  }

  /** One API call; `route` is an octokit route such as `GET /repos/{owner}/{repo}/pulls`. */
  async send(
    context: CallContext,
    route: string,
    parameters: Record<string, unknown>,
    options: SendOptions = {},
  ): Promise<RestAnswer> {
    const method = route.slice(0, route.indexOf(' '));
    const write = method !== 'GET' && method !== 'HEAD';
    if (write) this.#assertAllowedWrite(route, parameters);
    const octokit = await this.#octokit();
    const { owner, repo } = this.#options.settings;
    const { clock, log, maxAttempts, maxRateLimitWaitMs } = this.#options;
    for (let attempt = 1; ; attempt += 1) {
      if (write) context.writes += 1;
      let failure: unknown;
      try {
        const response = await octokit.request(route, {
          owner,
          repo,
          ...parameters,
          headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
        });
        return { status: response.status, data: response.data };
      } catch (error) {
        failure = error;
      }
      const answer = httpFailure(failure);
      if (answer && options.allow?.includes(answer.status)) return { status: answer.status, data: answer.data };
      let failed: FailedAttempt;
      if (answer) {
        failed = { status: answer.status, headers: answer.headers, text: JSON.stringify(answer.data ?? '') };
      } else {
        const noAnswer = upstreamFailure(failure);
        if (!noAnswer) throw failure;
        failed = { noAnswer };
      }
      const url = answer?.url ?? '';
      await waitOrThrow(failed, {
        attempt,
        maxAttempts,
        maxRateLimitWaitMs,
        retryTransient: options.retryTransient !== false,
        clock,
        log,
        where: { route, attempt },
        unauthorized: () => this.#credentialsError(url),
        rejected: () => this.#rejection(route, answer?.status ?? 0, answer?.data, url),
      });
    }
  }

  /** A second line of defence behind the publisher's own checks: only PR-branch writes leave. */
  #assertAllowedWrite(route: string, parameters: Record<string, unknown>): void {
    const base = this.#options.settings.baseBranch;
    const ref = typeof parameters.ref === 'string' ? parameters.ref.replace(/^refs\//, '') : null;
    const safe =
      WRITE_ROUTES.has(route) &&
      (ref === null || (ref.startsWith('heads/streamlog/') && ref !== `heads/${base}`)) &&
      !('base' in parameters && route.startsWith('PATCH '));
    if (!safe) throw new Error(`refusing a GitHub write outside the publisher's allow-list: ${route}`);
  }

  #octokit(): Promise<Octokit> {
    this.#client ??= this.#createOctokit();
    return this.#client;
  }

  async #createOctokit(): Promise<Octokit> {
    const { settings, fetch, log, timeoutMs } = this.#options;
    const common = {
      baseUrl: settings.apiBaseUrl.replace(/\/+$/, ''),
      userAgent: 'streamlog-pipeline',
      log: {
        debug: () => undefined,
        info: (message: string) => log.info(message),
        warn: (message: string) => log.warn(message),
        error: (message: string) => log.error(message),
      },
      request: {
        // Every request, the App's token exchange included, gets a deadline; a failure before any
        // answer is upstreamFetch's StreamlogError, so it is never taken for a GitHub 500.
        fetch: (url: string, init?: RequestInit): Promise<Response> =>
          upstreamFetch('GitHub', url, init ?? {}, { fetch, timeoutMs }),
      },
    };
    if (settings.auth.kind === 'token') return new Octokit({ ...common, auth: settings.auth.token });
    const { appId, installationId } = settings.auth;
    return new Octokit({
      ...common,
      authStrategy: createAppAuth,
      auth: { appId, installationId, privateKey: await appPrivateKeyPkcs8(settings.auth.privateKey) },
    });
  }

  #credentialsError(url: string): StreamlogError {
    const { settings } = this.#options;
    if (settings.auth.kind === 'token') {
      return new StreamlogError(
        'configuration_error',
        'GitHub rejected GITHUB_TOKEN (401): set a valid token with contents and pull requests write access',
        { url: pathOf(url) },
      );
    }
    return new StreamlogError(
      'configuration_error',
      `GitHub rejected the GitHub App (401): check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID${
        /\/access_tokens$/.test(pathOf(url)) ? ' (the installation token exchange failed)' : ''
      }`,
      { url: pathOf(url) },
    );
  }

  #rejection(route: string, status: number, data: unknown, url: string): StreamlogError {
    const { settings } = this.#options;
    const message = githubMessage(data);
    const details = { route, status, url: pathOf(url), message };
    if (/\/app\/installations\/[^/]+\/access_tokens$/.test(pathOf(url))) {
      return new StreamlogError(
        'configuration_error',
        `GitHub App installation ${settings.auth.kind === 'app' ? settings.auth.installationId : ''} refused a token (${status}): check GITHUB_APP_INSTALLATION_ID and that the App is installed on ${settings.owner}/${settings.repo}`,
        details,
      );
    }
    if (status === 403 && /not accessible by|permission/i.test(message)) {
      return new StreamlogError(
        'configuration_error',
        `GitHub refused ${route} (403 ${message}): the token or App needs contents: write, pull requests: write and issues: write on ${settings.owner}/${settings.repo}`,
        details,
      );
    }
    return new StreamlogError('upstream_rejected', `GitHub answered ${status} to ${route}: ${message}`, details);
  }
}

interface HttpFailure {
  status: number;
  data: unknown;
  headers: Headers;
  url: string;
}

/** An octokit `RequestError` that carries GitHub's answer (not a transport failure). */
function httpFailure(error: unknown): HttpFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, response, request } = error as {
    status?: unknown;
    response?: { status?: unknown; data?: unknown; headers?: Record<string, unknown>; url?: unknown };
    request?: { url?: unknown };
  };
  if (typeof status !== 'number' || !response || typeof response.status !== 'number') return null;
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined && value !== null) headers.set(name, String(value));
  }
  const url = typeof request?.url === 'string' ? request.url : typeof response.url === 'string' ? response.url : '';
  return { status: response.status, data: response.data, headers, url };
}

/** upstreamFetch's error for a request that got no answer, as octokit passes it on (as is, or as the cause). */
function upstreamFailure(error: unknown): StreamlogError | null {
  if (isStreamlogError(error)) return error;
  const cause = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  return isStreamlogError(cause) ? cause : null;
}

/** GitHub's `message` plus the validation errors' messages, on one line and bounded. */
export function githubMessage(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 300);
  if (typeof data !== 'object' || data === null) return '';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const parts = [typeof message === 'string' ? message : ''];
  if (Array.isArray(errors)) {
    for (const entry of errors) {
      if (typeof entry === 'string') parts.push(entry);
      else if (typeof entry === 'object' && entry !== null) {
        const { message: text, code, field } = entry as { message?: unknown; code?: unknown; field?: unknown };
        parts.push(
          typeof text === 'string' ? text : [field, code].filter((part) => typeof part === 'string').join(' '),
        );
      }
    }
  }
  return parts.filter(Boolean).join('; ').replace(/\s+/g, ' ').slice(0, 300);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
