import { isStreamlogError, StreamlogError } from '../../../core/errors.ts';
import { parseJsonOrNull } from '../../../core/http/parse-json.ts';
import { upstreamFetch } from '../http/upstream-fetch.ts';
import { type AttemptContext, type GitHubCallOptions, waitOrThrow } from './call-policy.ts';

/** Defaults: 10 s per attempt, 4 attempts, rate-limit waits up to 60 s. */
export interface GitHubHttpOptions extends GitHubCallOptions {
  /** `GITHUB_API_BASE_URL`: https://api.github.com, a GHES `/api/v3` root, or a local test server. */
  baseUrl: string;
  token: string | null;
}

export interface GitHubResponse {
  status: number;
  body: unknown;
  /** The `next` page from the `Link` header, already checked to be on the API host. */
  next: string | null;
}

/**
 * GETs against the GitHub REST API with the policy the pipeline needs: a timeout per attempt,
 * retries with backoff for 5xx and network errors, waits for rate limits (primary and secondary),
 * `If-None-Match` revalidation, and errors with a code the queue understands (401 is a configuration
 * error, never retried). A fetch adapter rather than octokit: see docs/github-and-matching.md.
 */
export class GitHubHttp {
  readonly #options: Required<Omit<GitHubHttpOptions, 'token'>> & { token: string | null };
  readonly #origin: string;
  readonly #etags = new Map<string, { etag: string; body: unknown; next: string | null }>();

  constructor(options: GitHubHttpOptions) {
    this.#options = { timeoutMs: 10_000, maxAttempts: 4, maxRateLimitWaitMs: 60_000, ...options };
    this.#origin = new URL(options.baseUrl).origin;
  }

  /** Absolute URL for an API path (`/users/x/events`) under the configured base. */
  url(path: string, query: Record<string, string> = {}): string {
    const url = new URL(`${this.#options.baseUrl.replace(/\/$/, '')}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }

  /** GET; `allowed` statuses (e.g. 404) come back as a response instead of an error. */
  async get(url: string, allowed: readonly number[] = []): Promise<GitHubResponse> {
    if (new URL(url).origin !== this.#origin) {
      // The token must never travel to another host, whatever a Link header says.
      throw new StreamlogError('upstream_rejected', 'refusing to follow a GitHub link to another host', { url });
    }
    const { fetch, timeoutMs } = this.#options;
    const where = { url: redact(url) };
    for (let attempt = 1; ; attempt += 1) {
      const cached = this.#etags.get(url);
      let response: Response;
      try {
        response = await upstreamFetch('GitHub', url, { headers: this.#headers(cached?.etag) }, { fetch, timeoutMs });
      } catch (error) {
        if (!isStreamlogError(error)) throw error;
        await waitOrThrow({ noAnswer: error }, this.#context(attempt, where));
        continue;
      }

      if (response.status === 304 && cached) return { status: 200, body: cached.body, next: cached.next };
      if (response.ok) {
        const body: unknown = await response.json();
        const next = this.#nextLink(response.headers.get('link'));
        const etag = response.headers.get('etag');
        if (etag) this.#etags.set(url, { etag, body, next });
        return { status: response.status, body, next };
      }
      const text = await response.text();
      if (allowed.includes(response.status))
        return { status: response.status, body: parseJsonOrNull(text), next: null };
      await waitOrThrow(
        { status: response.status, headers: response.headers, text },
        this.#context(attempt, where, response.status),
      );
    }
  }

  #context(attempt: number, where: { url: string }, status?: number): AttemptContext {
    const { maxAttempts, maxRateLimitWaitMs, clock, log } = this.#options;
    return {
      attempt,
      maxAttempts,
      maxRateLimitWaitMs,
      retryTransient: true,
      clock,
      log,
      where,
      unauthorized: () =>
        new StreamlogError('configuration_error', 'GitHub rejected GITHUB_TOKEN (401): set a valid token', where),
      rejected: () => new StreamlogError('upstream_rejected', `GitHub answered ${status}`, { ...where, status }),
    };
  }

  #headers(etag: string | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'streamlog-pipeline',
    };
    if (this.#options.token) headers.authorization = `Bearer ${this.#options.token}`;
    if (etag) headers['if-none-match'] = etag;
    return headers;
  }

  #nextLink(link: string | null): string | null {
    if (!link) return null;
    for (const part of link.split(',')) {
      const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
      if (match?.[1]) {
        const next = new URL(match[1], this.#options.baseUrl);
        return next.origin === this.#origin ? next.toString() : null;
      }
    }
    return null;
  }
}

/** Query strings never carry secrets here, but logs keep only the path anyway. */
function redact(url: string): string {
  return new URL(url).pathname;
}
