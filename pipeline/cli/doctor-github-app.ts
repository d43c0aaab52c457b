import { systemClock } from '../../store/system-clock.ts';
import type { PublishingSettings } from '../src/config.ts';
import type { FetchLike } from '../src/http/upstream-fetch.ts';
import { GitHubRest } from '../src/publish/github-rest.ts';

/**
 * `doctor --reach` for a GitHub App: the publisher's own client mints the installation token (JWT
 * from GITHUB_APP_PRIVATE_KEY, `POST /app/installations/{id}/access_tokens`), then reads
 * `GET /repos/{CONTENT_REPO}`. One attempt, no rate-limit waits; a refused exchange throws the
 * publisher's `configuration_error` line.
 */
export function githubAppRepoCheck(fetch: FetchLike) {
  return async (settings: PublishingSettings, timeoutMs: number): Promise<{ status: number }> => {
    const rest = new GitHubRest({
      settings,
      fetch,
      clock: systemClock,
      log: { info: () => {}, warn: () => {}, error: () => {} },
      timeoutMs,
      maxAttempts: 1,
      maxRateLimitWaitMs: 0,
    });
    const answer = await rest.send({ writes: 0 }, 'GET /repos/{owner}/{repo}', {}, { allow: [403, 404] });
    return { status: answer.status };
  };
}
