import { existsSync } from 'node:fs';
import { fixture, fixturePath } from '../fixtures/load.ts';
import { GITHUB_TEST_TOKEN } from './github-credentials.ts';
import { CONTENT_OWNER, CONTENT_REPO, GitHubRepoModels } from './github-repo-model.ts';
import type { RecordedRequest, ScriptedResponse } from './lib/protocol.ts';
import { ScriptedServer } from './lib/scripted-server.ts';

const read = fixture;

const DOCS = 'https://docs.github.com/rest';

/**
 * A local GitHub REST API over the recorded fixture world (the sample world in pipeline/sample/github): the user's events
 * in two pages with `Link` headers and an ETag that revalidates to 304, compare by `base...head`
 * (the new-branch push answers the recorded 404), and pulls. Every answer carries the
 * `x-ratelimit-*` headers GitHub sends. It insists on `Authorization: Bearer <token>` (401 with
 * GitHub's "Bad credentials" body otherwise). Rate limits, 5xx and delays are scripted per test;
 * anything else is an unexpected request. Test files use their own base path (`/t/<name>`) so their
 * scripts and logs stay apart while they run in parallel.
 *
 * The content repository `codewithmara/streamlog-blog` and `/app/installations/{id}/access_tokens`
 * are answered by a stateful in-memory repository, one per base path (github-repo-model.ts), which
 * takes writes (Git Data API, pulls, labels) and test controls at `<base>/__github/*`
 * (`reset`, `state`, `fault`, `clear-faults`, `push`, `close`, `merge`, `delete-branch`, `settings`, `app`).
 */
export function createGitHubServer(): ScriptedServer {
  const routes = (read('github/compare/index.json') as { routes: Record<string, string> }).routes;
  let remaining = 5000;
  const rate = (): Record<string, string> => {
    remaining = Math.max(0, remaining - 1);
    return {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(5000 - remaining),
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
    };
  };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): ScriptedResponse => ({
    status,
    headers: { ...rate(), 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
  });

  const models = new GitHubRepoModels();

  const server: ScriptedServer = new ScriptedServer('github', (recorded: RecordedRequest) => {
    // A base path (`/api/v3` as on GHES, or `/t/<test-file>`) is stripped, so test files running in
    // parallel can each script and read their own requests without touching the others'.
    const base = /^(\/api\/v3|\/t\/[a-z0-9-]+)?(\/.*)$/.exec(recorded.path);
    const prefix = base?.[1] ?? '';
    const request = { ...recorded, path: base?.[2] ?? recorded.path };
    const control = /^\/__github\/([a-z-]+)$/.exec(request.path);
    if (control?.[1] === 'reset' && request.method === 'POST') {
      models.reset(prefix);
      return { status: 204 };
    }
    if (control?.[1]) return models.for(prefix).control(request.method, control[1], request.body);
    if (request.path.startsWith(`/repos/${CONTENT_OWNER}/${CONTENT_REPO}/`) || request.path.startsWith('/app/')) {
      const answer = models.for(prefix).handle(request, `${request.base_url}${prefix}`);
      return answer && { ...answer, headers: { ...rate(), ...answer.headers } };
    }
    if (request.method !== 'GET') return undefined;
    if (request.headers.authorization !== `Bearer ${GITHUB_TEST_TOKEN}`) {
      return json(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    if (request.path === `/repos/${CONTENT_OWNER}/${CONTENT_REPO}`) {
      // Get a repository, as `doctor --reach` asks it: who may push is what matters.
      return json(200, {
        id: 880011223,
        name: CONTENT_REPO,
        full_name: `${CONTENT_OWNER}/${CONTENT_REPO}`,
        private: false,
        default_branch: 'main',
        permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      });
    }
    if (/^\/repos\/[^/]+\/[^/]+$/.test(request.path))
      return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const user = /^\/users\/([^/]+)$/.exec(request.path);
    if (user) {
      if (user[1] !== 'codewithmara')
        return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      return json(200, { login: 'codewithmara', id: 51234567, type: 'User', name: 'Mara' });
    }
    const events = /^\/users\/([^/]+)\/events$/.exec(request.path);
    if (events) {
      if (events[1] !== 'codewithmara')
        return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      const page = request.query.page ?? '1';
      const perPage = request.query.per_page ?? '30';
      // Under the request's own session, so a test's scripts and log cover every page.
      const link = (n: number): string =>
        `<${request.base_url}${prefix}/users/codewithmara/events?per_page=${perPage}&page=${n}>`;
      if (page === '1') {
        const etag = 'W/"events-page-1"';
        if (request.headers['if-none-match'] === etag) return { status: 304, headers: { ...rate(), etag } };
        return json(200, read('github/events.json'), {
          etag,
          link: `${link(2)}; rel="next", ${link(2)}; rel="last"`,
        });
      }
      if (page === '2') {
        return json(200, read('github/events-page2.json'), { link: `${link(1)}; rel="prev", ${link(1)}; rel="first"` });
      }
      return json(200, []);
    }
    const compare = /^\/repos\/codewithmara\/([^/]+)\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/.exec(request.path);
    if (compare) {
      const file = routes[`${compare[1]} ${compare[2]}...${compare[3]}`];
      if (!file) return undefined;
      return file.endsWith('error-404.json') ? json(404, read(file)) : json(200, read(file));
    }
    const pull = /^\/repos\/codewithmara\/([^/]+)\/pulls\/(\d+)$/.exec(request.path);
    if (pull) {
      const file = `github/pulls/${pull[1]}-${pull[2]}.json`;
      if (!existsSync(fixturePath(file)))
        return json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      return json(200, read(file));
    }
    return undefined;
  });
  return server;
}
