import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { GITHUB_TEST_TOKEN } from './github-credentials.ts';
import { type AfterFault, CONTENT_BASE, CONTENT_OWNER, CONTENT_REPO, type RepoState } from './github-repo-protocol.ts';
import type { RecordedRequest, ScriptedResponse } from './lib/protocol.ts';

export { CONTENT_OWNER, CONTENT_REPO } from './github-repo-protocol.ts';

const REPO_PATH = `/repos/${CONTENT_OWNER}/${CONTENT_REPO}`;
const FULL_NAME = `${CONTENT_OWNER}/${CONTENT_REPO}`;
const DOCS = 'https://docs.github.com/rest';
const MAX_BODY = 65_536;

interface GitCommit {
  sha: string;
  message: string;
  tree: string;
  parents: string[];
  date: string;
}

interface PullRecord {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  head: string;
  base: string;
  /** Where the head branch stood when the PR closed (open PRs follow their branch). */
  closed_head_sha: string | null;
  merged_at: string | null;
  merge_commit_sha: string | null;
  labels: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

interface AppRegistration {
  app_id: string;
  installation_id: string;
  public_key_pem: string;
}

const json = (status: number, body: unknown): ScriptedResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
});
const notFound = () => json(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
const validation = (errors: unknown[], docs = `${DOCS}/pulls/pulls`) =>
  json(422, { message: 'Validation Failed', errors, documentation_url: docs, status: '422' });
const unprocessable = (message: string, docs = `${DOCS}/git/refs`) =>
  json(422, { message, documentation_url: docs, status: '422' });

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * An in-memory GitHub repository (`codewithmara/streamlog-blog`) behind the fake REST API, for the
 * publisher's writes: refs, commits, trees (path → content maps, blobs inline), pull requests
 * (open, closed, merged; labels), GitHub App installation tokens. It answers with GitHub's documented
 * status codes and shapes (201 on creates, 404 `Not Found`, 422 `Reference already exists`, 422
 * `Validation Failed` with `A pull request already exists for owner:branch.`), records every write
 * the pipeline must never make (to the base branch, merges, reviews, retargeting a PR) as a
 * violation, and takes test controls at `<base>/__github/*`: scripted after-the-write faults (and
 * `clear-faults` for those not used yet), a person's push, closing or merging a PR, deleting a branch, registering an App, reading the state.
 * One model per test base path (`/t/<name>`), so parallel test files never share a repository.
 */
export class GitHubRepoModel {
  readonly #refs = new Map<string, string>();
  readonly #commits = new Map<string, GitCommit>();
  readonly #trees = new Map<string, Map<string, string>>();
  readonly #pulls: PullRecord[] = [];
  readonly #violations: string[] = [];
  readonly #faults: (AfterFault & { remaining: number })[] = [];
  readonly #apps: AppRegistration[] = [];
  readonly #tokens = new Set<string>();
  #drafts = true;
  #clock = 0;

  constructor() {
    const tree = this.#storeTree(
      new Map([
        ['README.md', '# Streamlog blog content\n'],
        ['content/posts/.gitkeep', ''],
        ['content/items/.gitkeep', ''],
      ]),
    );
    this.#refs.set(CONTENT_BASE, this.#storeCommit('Initial commit', tree, []));
  }

  /** A request under `/repos/codewithmara/streamlog-blog/` or `/app/`; undefined for routes it does not know. */
  handle(request: RecordedRequest, apiBase: string): ScriptedResponse | undefined {
    const body = parseBody(request.body);
    const auth = /^(bearer|token)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const tokenExchange = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(request.path);
    if (tokenExchange && request.method === 'POST') {
      return this.#after(request, this.#issueToken(tokenExchange[1] ?? '', auth?.[2] ?? ''));
    }
    if (!request.path.startsWith(`${REPO_PATH}/`)) return undefined;
    if (!auth || !(auth[2] === GITHUB_TEST_TOKEN || this.#tokens.has(auth[2] ?? ''))) {
      return json(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    const route = request.path.slice(REPO_PATH.length);
    const answer = this.#route(request.method, route, request.query, body, apiBase);
    return answer === undefined ? undefined : this.#after(request, answer);
  }

  #route(
    method: string,
    route: string,
    query: Record<string, string>,
    body: Record<string, unknown>,
    api: string,
  ): ScriptedResponse | undefined {
    const forbidden = this.#forbidden(method, route, body);
    if (forbidden) return forbidden;
    if (method === 'GET' && route === '/pulls') return this.#listPulls(query, api);
    const pull = /^\/pulls\/(\d+)$/.exec(route);
    if (pull && method === 'GET') {
      const record = this.#pull(Number(pull[1]));
      return record ? json(200, this.#pullJson(record, api, true)) : notFound();
    }
    if (pull && method === 'PATCH') return this.#updatePull(Number(pull[1]), body, api);
    if (method === 'POST' && route === '/pulls') return this.#createPull(body, api);
    const labels = /^\/issues\/(\d+)\/labels$/.exec(route);
    if (labels && method === 'POST') return this.#addLabels(Number(labels[1]), body, api);
    const getRef = /^\/git\/ref\/(.+)$/.exec(route);
    if (getRef && method === 'GET') {
      const name = decodeURIComponent(getRef[1] ?? '');
      const branch = name.startsWith('heads/') ? name.slice('heads/'.length) : null;
      const sha = branch === null ? undefined : this.#refs.get(branch);
      return branch !== null && sha ? json(200, this.#refJson(branch, sha, api)) : notFound();
    }
    const commit = /^\/git\/commits\/([0-9a-f]{40})$/.exec(route);
    if (commit && method === 'GET') {
      const stored = this.#commits.get(commit[1] ?? '');
      return stored ? json(200, this.#commitJson(stored, api)) : notFound();
    }
    if (method === 'POST' && route === '/git/trees') return this.#createTree(body, api);
    if (method === 'POST' && route === '/git/commits') return this.#createCommit(body, api);
    if (method === 'POST' && route === '/git/refs') return this.#createRef(body, api);
    const patchRef = /^\/git\/refs\/(.+)$/.exec(route);
    if (patchRef && method === 'PATCH') return this.#updateRef(decodeURIComponent(patchRef[1] ?? ''), body, api);
    return undefined;
  }

  /** Writes the pipeline must never make: recorded, and refused as a protected repository would. */
  #forbidden(method: string, route: string, body: Record<string, unknown>): ScriptedResponse | undefined {
    if (method === 'GET' || method === 'HEAD') return undefined;
    const decoded = decodeURIComponent(route);
    const reasons: string[] = [];
    if (/^\/pulls\/\d+\/merge$/.test(decoded) || decoded === '/merges') reasons.push('merges');
    if (/^\/pulls\/\d+\/(reviews|requested_reviewers)/.test(decoded)) reasons.push('reviews or approves');
    if (decoded === `/git/refs/heads/${CONTENT_BASE}` || body.ref === `refs/heads/${CONTENT_BASE}`) {
      reasons.push('writes the base branch');
    }
    if (decoded.startsWith('/contents/') || decoded.startsWith('/branches/'))
      reasons.push('writes outside the Git Data API');
    if (/^\/pulls\/\d+$/.test(decoded) && 'base' in body) reasons.push('retargets a pull request');
    if (reasons.length === 0) return undefined;
    this.#violations.push(`${method} ${route} ${reasons.join(', ')}`);
    return json(403, { message: 'Forbidden by the Streamlog test server', documentation_url: DOCS, status: '403' });
  }

  #after(request: RecordedRequest, answer: ScriptedResponse): ScriptedResponse {
    const index = this.#faults.findIndex((fault) => fault.method === request.method && fault.path === request.path);
    const fault = this.#faults[index];
    if (!fault) return answer;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    return {
      ...json(fault.status, fault.body ?? { message: 'Server Error' }),
      ...(fault.delay_ms ? { delay_ms: fault.delay_ms } : {}),
    };
  }

  // ── pull requests ──────────────────────────────────────────────────────────

  #listPulls(query: Record<string, string>, api: string): ScriptedResponse {
    const state = query.state ?? 'open';
    let pulls = [...this.#pulls];
    // GitHub filters by `user:ref`; a head without the owner is not a valid filter and is ignored.
    const head = query.head;
    if (head?.includes(':')) {
      const [owner, ...rest] = head.split(':');
      const branch = rest.join(':');
      pulls = owner?.toLowerCase() === CONTENT_OWNER ? pulls.filter((pull) => pull.head === branch) : [];
    }
    if (query.base) pulls = pulls.filter((pull) => pull.base === query.base);
    if (state !== 'all') pulls = pulls.filter((pull) => pull.state === state);
    pulls.sort((a, b) => b.number - a.number);
    const perPage = Math.min(100, Number(query.per_page ?? '30') || 30);
    return json(
      200,
      pulls.slice(0, perPage).map((pull) => this.#pullJson(pull, api, false)),
    );
  }

  #createPull(body: Record<string, unknown>, api: string): ScriptedResponse {
    const head = typeof body.head === 'string' ? body.head.replace(new RegExp(`^${CONTENT_OWNER}:`, 'i'), '') : '';
    const base = typeof body.base === 'string' ? body.base : '';
    if (typeof body.title !== 'string' || body.title === '') {
      return validation([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
    }
    if (!this.#refs.has(head)) return validation([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (!this.#refs.has(base)) return validation([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    const tooLong = this.#bodyTooLong(body.body);
    if (tooLong) return tooLong;
    if (this.#pulls.some((pull) => pull.state === 'open' && pull.head === head && pull.base === base)) {
      return validation([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${CONTENT_OWNER}:${head}.`,
        },
      ]);
    }
    if (this.#aheadBehind(head, base).ahead === 0) {
      return validation([
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` },
      ]);
    }
    if (body.draft === true && !this.#drafts) {
      return validation([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: 'Draft pull requests are not supported in this repository.',
        },
      ]);
    }
    const now = this.#now();
    const pull: PullRecord = {
      number: this.#pulls.length + 1,
      title: body.title,
      body: typeof body.body === 'string' ? body.body : null,
      state: 'open',
      draft: body.draft === true,
      head,
      base,
      closed_head_sha: null,
      merged_at: null,
      merge_commit_sha: null,
      labels: [],
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    this.#pulls.push(pull);
    return json(201, this.#pullJson(pull, api, true));
  }

  #updatePull(number: number, body: Record<string, unknown>, api: string): ScriptedResponse {
    const pull = this.#pull(number);
    if (!pull) return notFound();
    const tooLong = this.#bodyTooLong(body.body);
    if (tooLong) return tooLong;
    if (body.state === 'open' && pull.state === 'closed') {
      const refused = (message: string) =>
        validation([{ resource: 'PullRequest', code: 'custom', field: 'state', message }]);
      if (pull.merged_at) return refused('state cannot be changed. The pull request has been merged.');
      const sha = this.#refs.get(pull.head);
      if (!sha) return refused(`state cannot be changed. The ${pull.head} branch has been deleted.`);
      if (sha !== pull.closed_head_sha) {
        return refused(`state cannot be changed. The ${pull.head} branch has been force-pushed or recreated.`);
      }
      if (this.#pulls.some((other) => other.state === 'open' && other.head === pull.head && other.base === pull.base)) {
        return refused(`state cannot be changed. A pull request already exists for ${CONTENT_OWNER}:${pull.head}.`);
      }
      pull.state = 'open';
      pull.closed_head_sha = null;
      pull.closed_at = null;
    } else if (body.state === 'closed' && pull.state === 'open') {
      this.#close(pull);
    }
    if (typeof body.title === 'string') pull.title = body.title;
    if (typeof body.body === 'string') pull.body = body.body;
    pull.updated_at = this.#now();
    return json(200, this.#pullJson(pull, api, true));
  }

  #addLabels(number: number, body: Record<string, unknown>, api: string): ScriptedResponse {
    const pull = this.#pull(number);
    if (!pull) return notFound();
    const labels = Array.isArray(body.labels) ? body.labels : Array.isArray(body) ? body : null;
    if (!labels?.every((label) => typeof label === 'string')) {
      return validation([{ resource: 'Label', field: 'labels', code: 'invalid' }], `${DOCS}/issues/labels`);
    }
    for (const label of labels as string[]) if (!pull.labels.includes(label)) pull.labels.push(label);
    pull.updated_at = this.#now();
    return json(
      200,
      pull.labels.map((name) => labelJson(name, api)),
    );
  }

  #bodyTooLong(body: unknown): ScriptedResponse | undefined {
    if (typeof body !== 'string' || [...body].length < MAX_BODY) return undefined;
    return validation([
      {
        resource: 'Issue',
        code: 'custom',
        field: 'body',
        message: `body is too long (maximum is ${MAX_BODY} characters)`,
      },
    ]);
  }

  #pull(number: number): PullRecord | undefined {
    return this.#pulls.find((pull) => pull.number === number);
  }

  #close(pull: PullRecord): void {
    pull.state = 'closed';
    pull.closed_head_sha = this.#refs.get(pull.head) ?? pull.closed_head_sha;
    pull.closed_at = this.#now();
    pull.updated_at = pull.closed_at;
  }

  #pullJson(pull: PullRecord, api: string, single: boolean): Record<string, unknown> {
    const headSha = pull.state === 'open' ? (this.#refs.get(pull.head) ?? '') : (pull.closed_head_sha ?? '');
    const repo = { id: 4242, name: CONTENT_REPO, full_name: FULL_NAME, private: false, default_branch: CONTENT_BASE };
    const json: Record<string, unknown> = {
      url: `${api}${REPO_PATH}/pulls/${pull.number}`,
      id: 9_000_000 + pull.number,
      node_id: `PR_kwDOstreamlog${pull.number}`,
      html_url: `https://github.com/${FULL_NAME}/pull/${pull.number}`,
      diff_url: `https://github.com/${FULL_NAME}/pull/${pull.number}.diff`,
      issue_url: `${api}${REPO_PATH}/issues/${pull.number}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: { login: 'streamlog-publisher[bot]', type: 'Bot' },
      body: pull.body,
      labels: pull.labels.map((name) => labelJson(name, api)),
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: pull.closed_at,
      merged_at: pull.merged_at,
      merge_commit_sha: pull.merge_commit_sha,
      draft: pull.draft,
      head: { label: `${CONTENT_OWNER}:${pull.head}`, ref: pull.head, sha: headSha, repo },
      base: { label: `${CONTENT_OWNER}:${pull.base}`, ref: pull.base, sha: this.#refs.get(pull.base) ?? '', repo },
      author_association: 'NONE',
    };
    if (single) {
      json.merged = pull.merged_at !== null;
      json.mergeable = pull.state === 'open' ? true : null;
      json.commits = this.#aheadBehind(pull.head, pull.base).ahead;
    }
    return json;
  }

  // ── git data ───────────────────────────────────────────────────────────────

  #createTree(body: Record<string, unknown>, api: string): ScriptedResponse {
    const docs = `${DOCS}/git/trees#create-a-tree`;
    let files = new Map<string, string>();
    if (body.base_tree !== undefined) {
      const base = typeof body.base_tree === 'string' ? this.#trees.get(body.base_tree) : undefined;
      if (!base) return unprocessable('Invalid tree info', docs);
      files = new Map(base);
    }
    if (!Array.isArray(body.tree)) return unprocessable('Invalid tree info', docs);
    for (const entry of body.tree as Record<string, unknown>[]) {
      if (typeof entry.path !== 'string' || entry.mode !== '100644' || entry.type !== 'blob') {
        return unprocessable('Invalid tree info', docs);
      }
      if (typeof entry.content === 'string') files.set(entry.path, entry.content);
      else if (entry.sha === null) files.delete(entry.path);
      else return unprocessable('Invalid tree info', docs);
    }
    const sha = this.#storeTree(files);
    return json(201, this.#treeJson(sha, api));
  }

  #createCommit(body: Record<string, unknown>, api: string): ScriptedResponse {
    const docs = `${DOCS}/git/commits#create-a-commit`;
    if (typeof body.message !== 'string') return unprocessable('Invalid request.\n\n"message" wasn\'t supplied.', docs);
    if (typeof body.tree !== 'string' || !this.#trees.has(body.tree))
      return unprocessable('Tree SHA does not exist', docs);
    const parents = Array.isArray(body.parents) ? body.parents : [];
    if (!parents.every((parent) => typeof parent === 'string' && this.#commits.has(parent))) {
      return unprocessable('Parent SHA does not exist or is not a commit object', docs);
    }
    const sha = this.#storeCommit(body.message, body.tree, parents as string[]);
    const stored = this.#commits.get(sha);
    return stored ? json(201, this.#commitJson(stored, api)) : notFound();
  }

  #createRef(body: Record<string, unknown>, api: string): ScriptedResponse {
    const ref = typeof body.ref === 'string' ? body.ref : '';
    if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
      return unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
    }
    if (!ref.startsWith('refs/heads/') || !validRefName(ref)) return unprocessable(`${ref} is not a valid ref name.`);
    if (typeof body.sha !== 'string' || !this.#commits.has(body.sha)) return unprocessable('Object does not exist');
    const branch = ref.slice('refs/heads/'.length);
    if (this.#refs.has(branch)) return unprocessable('Reference already exists');
    this.#refs.set(branch, body.sha);
    return json(201, this.#refJson(branch, body.sha, api));
  }

  #updateRef(name: string, body: Record<string, unknown>, api: string): ScriptedResponse {
    const branch = name.startsWith('heads/') ? name.slice('heads/'.length) : null;
    const current = branch === null ? undefined : this.#refs.get(branch);
    if (branch === null || !current) return unprocessable('Reference does not exist');
    if (typeof body.sha !== 'string' || !this.#commits.has(body.sha)) return unprocessable('Object does not exist');
    if (body.force !== true && !this.#reachable(body.sha).has(current)) {
      return unprocessable('Update is not a fast forward');
    }
    this.#refs.set(branch, body.sha);
    return json(200, this.#refJson(branch, body.sha, api));
  }

  #storeTree(files: Map<string, string>): string {
    const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const sha = sha1(`tree ${entries.map(([path, content]) => `100644 ${path}\0${blobSha(content)}`).join('\n')}`);
    this.#trees.set(sha, new Map(entries));
    return sha;
  }

  #storeCommit(message: string, tree: string, parents: string[]): string {
    const date = this.#now();
    const sha = sha1(`commit ${tree} ${parents.join(' ')} ${date} ${this.#clock} ${message}`);
    this.#commits.set(sha, { sha, message, tree, parents, date });
    return sha;
  }

  #refJson(branch: string, sha: string, api: string): Record<string, unknown> {
    return {
      ref: `refs/heads/${branch}`,
      node_id: `REF_${sha1(branch).slice(0, 12)}`,
      url: `${api}${REPO_PATH}/git/refs/heads/${branch}`,
      object: { sha, type: 'commit', url: `${api}${REPO_PATH}/git/commits/${sha}` },
    };
  }

  #commitJson(commit: GitCommit, api: string): Record<string, unknown> {
    const person = { name: 'Streamlog', email: 'streamlog@example.invalid', date: commit.date };
    return {
      sha: commit.sha,
      node_id: `C_${commit.sha.slice(0, 12)}`,
      url: `${api}${REPO_PATH}/git/commits/${commit.sha}`,
      html_url: `https://github.com/${FULL_NAME}/commit/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}${REPO_PATH}/git/trees/${commit.tree}` },
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${api}${REPO_PATH}/git/commits/${sha}`,
        html_url: `https://github.com/${FULL_NAME}/commit/${sha}`,
      })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  }

  #treeJson(sha: string, api: string): Record<string, unknown> {
    const files = this.#trees.get(sha) ?? new Map<string, string>();
    return {
      sha,
      url: `${api}${REPO_PATH}/git/trees/${sha}`,
      tree: [...files].map(([path, content]) => ({
        path,
        mode: '100644',
        type: 'blob',
        sha: blobSha(content),
        size: Buffer.byteLength(content),
        url: `${api}${REPO_PATH}/git/blobs/${blobSha(content)}`,
      })),
      truncated: false,
    };
  }

  #reachable(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.#commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  #aheadBehind(branch: string, base: string): { ahead: number; behind: number } {
    const head = this.#reachable(this.#refs.get(branch) ?? '');
    const basis = this.#reachable(this.#refs.get(base) ?? '');
    head.delete('');
    basis.delete('');
    return {
      ahead: [...head].filter((sha) => !basis.has(sha)).length,
      behind: [...basis].filter((sha) => !head.has(sha)).length,
    };
  }

  #now(): string {
    this.#clock += 1;
    return new Date().toISOString();
  }

  // ── GitHub App ─────────────────────────────────────────────────────────────

  /** `POST /app/installations/{id}/access_tokens` with an RS256 app JWT checked against the registered public key. */
  #issueToken(installationId: string, jwt: string): ScriptedResponse {
    const app = this.#apps.find((candidate) => candidate.installation_id === installationId);
    const refuse = (message: string) => json(401, { message, documentation_url: DOCS, status: '401' });
    const [header, payload, signature, ...extra] = jwt.split('.');
    if (!header || !payload || !signature || extra.length > 0) return refuse('A JSON web token could not be decoded');
    let claims: { iat?: unknown; exp?: unknown; iss?: unknown };
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
      if (head.alg !== 'RS256') return refuse("'alg' must be RS256");
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return refuse('A JSON web token could not be decoded');
    }
    if (!app || String(claims.iss) !== app.app_id) {
      return app ? refuse('Integration not found') : notFound();
    }
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      createPublicKey(app.public_key_pem),
      Buffer.from(signature, 'base64url'),
    );
    if (!valid) return refuse('A JSON web token could not be decoded');
    const now = Math.floor(Date.now() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (!(iat <= now + 60 && exp > now && exp - iat <= 600)) {
      return refuse("'Expiration time' claim ('exp') is too far in the future");
    }
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    this.#tokens.add(token);
    return json(201, {
      token,
      expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: { contents: 'write', pull_requests: 'write', metadata: 'read', issues: 'write' },
      repository_selection: 'selected',
    });
  }

  // ── test controls ──────────────────────────────────────────────────────────

  /** `<base>/__github/<action>`: how tests set the scene and read the outcome. */
  control(method: string, action: string, rawBody: string): ScriptedResponse {
    const body = parseBody(rawBody);
    if (method === 'GET' && action === 'state') return json(200, this.state());
    if (method !== 'POST') return json(404, { error: 'unknown control', action });
    switch (action) {
      case 'fault': {
        const fault = body as unknown as AfterFault;
        this.#faults.push({ ...fault, remaining: fault.times ?? 1 });
        return { status: 204 };
      }
      case 'clear-faults':
        this.#faults.length = 0;
        return { status: 204 };
      case 'push': {
        // A person's commit on top of the branch (created from base when missing); no trailer.
        const branch = String(body.branch);
        const parent = this.#refs.get(branch) ?? this.#refs.get(CONTENT_BASE) ?? '';
        const files = new Map(this.#trees.get(this.#commits.get(parent)?.tree ?? '') ?? []);
        for (const [path, content] of Object.entries((body.files ?? {}) as Record<string, string>)) {
          files.set(path, content);
        }
        const message = typeof body.message === 'string' ? body.message : 'Fix a typo';
        const sha = this.#storeCommit(message, this.#storeTree(files), [parent]);
        this.#refs.set(branch, sha);
        return json(201, { sha });
      }
      case 'close': {
        const pull = this.#pull(Number(body.number));
        if (!pull) return notFound();
        if (pull.state === 'open') this.#close(pull);
        return json(200, this.#pullJson(pull, '', true));
      }
      case 'merge': {
        // A person merges (a merge commit on base carrying the PR's files); optionally deletes the branch.
        const pull = this.#pull(Number(body.number));
        const head = pull ? this.#refs.get(pull.head) : undefined;
        const base = pull ? this.#refs.get(pull.base) : undefined;
        if (pull?.state !== 'open' || !head || !base) return notFound();
        const files = new Map(this.#trees.get(this.#commits.get(base)?.tree ?? '') ?? []);
        for (const [path, content] of this.#trees.get(this.#commits.get(head)?.tree ?? '') ?? []) {
          files.set(path, content);
        }
        const merge = this.#storeCommit(
          `Merge pull request #${pull.number} from ${CONTENT_OWNER}/${pull.head}`,
          this.#storeTree(files),
          [base, head],
        );
        this.#refs.set(pull.base, merge);
        this.#close(pull);
        pull.merged_at = pull.closed_at;
        pull.merge_commit_sha = merge;
        if (body.delete_branch === true) this.#refs.delete(pull.head);
        return json(200, { sha: merge, merged: true });
      }
      case 'delete-branch':
        this.#refs.delete(String(body.branch));
        for (const pull of this.#pulls)
          if (pull.state === 'open' && pull.head === String(body.branch)) this.#close(pull);
        return { status: 204 };
      case 'settings':
        if (typeof body.drafts === 'boolean') this.#drafts = body.drafts;
        return { status: 204 };
      case 'app':
        this.#apps.push(body as unknown as AppRegistration);
        return { status: 204 };
      default:
        return json(404, { error: 'unknown control', action });
    }
  }

  state(): RepoState {
    const branches: RepoState['branches'] = {};
    for (const [name, sha] of this.#refs) {
      const commit = this.#commits.get(sha);
      const { ahead, behind } = this.#aheadBehind(name, CONTENT_BASE);
      branches[name] = {
        sha,
        message: commit?.message ?? '',
        parents: commit?.parents ?? [],
        ahead_by: ahead,
        behind_by: behind,
        files: Object.fromEntries(this.#trees.get(commit?.tree ?? '') ?? []),
      };
    }
    return {
      base: CONTENT_BASE,
      base_sha: this.#refs.get(CONTENT_BASE) ?? '',
      branches,
      pulls: this.#pulls.map((pull) => this.#pullJson(pull, '', true)),
      violations: [...this.#violations],
      tokens_issued: this.#tokens.size,
      commits: this.#commits.size,
      trees: this.#trees.size,
      pending_faults: this.#faults.map((fault) => fault.label ?? ''),
    };
  }
}

function labelJson(name: string, api: string): Record<string, unknown> {
  return {
    id: Number.parseInt(sha1(name).slice(0, 8), 16),
    node_id: `LA_${sha1(name).slice(0, 12)}`,
    url: `${api}${REPO_PATH}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null,
  };
}

function blobSha(content: string): string {
  return createHash('sha1')
    .update(`blob ${Buffer.byteLength(content)}\0${content}`)
    .digest('hex');
}

/** `git check-ref-format`: what GitHub refuses as a branch name. */
function validRefName(ref: string): boolean {
  return !(
    ref.includes('..') ||
    ref.includes('@{') ||
    ref.includes('//') ||
    ref.endsWith('/') ||
    ref.endsWith('.') ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: git forbids control characters in ref names
    /[\x00-\x20\x7f~^:?*[\\]/.test(ref) ||
    ref.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))
  );
}

function parseBody(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One repository per test base path; `reset` forgets one. */
export class GitHubRepoModels {
  readonly #models = new Map<string, GitHubRepoModel>();

  for(prefix: string): GitHubRepoModel {
    let model = this.#models.get(prefix);
    if (!model) {
      model = new GitHubRepoModel();
      this.#models.set(prefix, model);
    }
    return model;
  }

  reset(prefix: string): void {
    this.#models.delete(prefix);
  }
}
