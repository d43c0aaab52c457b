import { StreamlogError } from '../../../core/errors.ts';
import type { ActivitySource, EventPages } from '../ports.ts';
import type { GitHubHttp } from './http-client.ts';

/** GitHub serves at most 300 events (3 pages of 100); a few more pages cover GHES, which has no such cap. */
const MAX_PAGES = 10;
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/;
const REF = /^[0-9a-f]{7,40}$/;

/** The streamer's activity from the GitHub REST API: user events, compare and pulls. */
export class GitHubActivitySource implements ActivitySource {
  readonly kind = 'github' as const;
  readonly #http: GitHubHttp;

  constructor(http: GitHubHttp) {
    this.#http = http;
  }

  async listEvents(username: string, sinceMs: number): Promise<EventPages> {
    if (!NAME.test(username)) throw new StreamlogError('configuration_error', 'GITHUB_USERNAME is not a GitHub login');
    const pages: EventPages['pages'] = [];
    let url: string | null = this.#http.url(`/users/${username}/events`, { per_page: '100' });
    while (url !== null && pages.length < MAX_PAGES) {
      const response = await this.#http.get(url, [404]);
      if (response.status === 404) {
        throw new StreamlogError('configuration_error', `GitHub has no user ${username}: check GITHUB_USERNAME`);
      }
      pages.push({ url, body: response.body });
      // Events come newest first: once a page reaches back before the window, older pages cannot matter.
      if (!Array.isArray(response.body) || response.body.length === 0 || oldestMs(response.body) < sinceMs) {
        return { pages, truncated: false };
      }
      url = response.next;
    }
    return { pages, truncated: url !== null };
  }

  async compare(repository: string, base: string, head: string): Promise<unknown | null> {
    const [owner, name] = splitRepository(repository);
    if (!REF.test(base) || !REF.test(head)) return null;
    // 404: a new branch (`before` is all zeros) or a SHA GitHub no longer has; 422: no common history.
    const response = await this.#http.get(
      this.#http.url(`/repos/${owner}/${name}/compare/${base}...${head}`),
      [404, 422],
    );
    return response.status === 200 ? response.body : null;
  }

  async pullRequest(repository: string, number: number): Promise<unknown | null> {
    const [owner, name] = splitRepository(repository);
    const response = await this.#http.get(this.#http.url(`/repos/${owner}/${name}/pulls/${Math.trunc(number)}`), [404]);
    return response.status === 200 ? response.body : null;
  }
}

function splitRepository(repository: string): [string, string] {
  const match = REPO.exec(repository);
  if (!match?.[1] || !match[2])
    throw new StreamlogError('validation_failed', 'not an owner/name repository', { repository });
  return [match[1], encodeURIComponent(match[2])];
}

function oldestMs(events: unknown[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const event of events) {
    if (typeof event === 'object' && event !== null && 'created_at' in event && typeof event.created_at === 'string') {
      const at = Date.parse(event.created_at);
      if (Number.isFinite(at)) min = Math.min(min, at);
    }
  }
  return min;
}
