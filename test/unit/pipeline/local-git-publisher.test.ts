import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isStreamlogError, type StreamlogError } from '../../../core/errors.ts';
import {
  type BundleFile,
  branchFor,
  fingerprintMarker,
  fingerprintTrailer,
  type PostBundle,
  subjectKeyFor,
} from '../../../core/publishing/bundle.ts';
import { contentPathProblem } from '../../../core/publishing/bundle-checks.ts';
import type { Clock } from '../../../core/time/clock.ts';
import { defaultContentRepoDir } from '../../../pipeline/cli/content-repo.ts';
import { compareAndSwapBranch, readBranch } from '../../../pipeline/cli/git-plumbing.ts';
import { LocalGitPublisher } from '../../../pipeline/cli/local-git-publisher.ts';
import {
  closeLocalPullRequest,
  listLocalPullRequests,
  markLocalPullRequestReady,
  mergeLocalPullRequest,
  pullRequestsPath,
  reopenLocalPullRequest,
} from '../../../pipeline/cli/local-pull-requests.ts';

// Every test spawns dozens of git processes; on a busy machine that takes seconds.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// ---------------------------------------------------------------------------------------------
// Helpers: a throwaway "project" checkout per test, and git run the way a person would.

let temp: string;
let project: string;

/** git as a person runs it, isolated from this machine's global config. */
function sh(args: string[], cwd: string): string {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  Object.assign(env, {
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ada Person',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada Person',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  });
  // NodeJS.ProcessEnv carries the site Worker's typed vars (wrangler types); any env is valid here.
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: env as NodeJS.ProcessEnv });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** Raw bytes of `git show <rev>:<path>`. */
function showBytes(repo: string, rev: string, path: string): Buffer {
  const result = spawnSync('git', ['--git-dir', repo, 'show', `${rev}:${path}`], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: devNull, GIT_CONFIG_NOSYSTEM: '1' } as NodeJS.ProcessEnv,
  });
  if (result.status !== 0) throw new Error(`git show ${rev}:${path} failed: ${result.stderr}`);
  return result.stdout;
}

function g(repo: string, ...args: string[]): string {
  return sh(['--git-dir', repo, ...args], temp);
}

function makeProject(name: string, ignoreState = true): string {
  const root = join(temp, name);
  mkdirSync(root, { recursive: true });
  sh(['init', '-q', '-b', 'main'], root);
  writeFileSync(join(root, '.gitignore'), ignoreState ? 'node_modules/\n.wrangler/\n' : 'node_modules/\n');
  writeFileSync(join(root, 'package.json'), '{"name":"someone-elses-blog"}\n');
  sh(['add', '.'], root);
  sh(['commit', '-q', '-m', 'project'], root);
  return root;
}

const DAY = '2026-11-09';
let nowMs = Date.parse('2026-11-10T06:00:00Z');
/** Each reading is a second after the last, so commits and PR records are ordered and reproducible. */
const clock: Clock = {
  now: () => {
    nowMs += 1000;
    return new Date(nowMs);
  },
  sleep: async () => {},
};

function bundle(
  seed: string,
  overrides: { files?: BundleFile[]; day?: string; draft?: boolean; body?: string } = {},
): PostBundle {
  const day = overrides.day ?? DAY;
  const fingerprint = sha(seed);
  const period = { start: day, end: day };
  return {
    content_type: 'daily_recap',
    period,
    subject_key: subjectKeyFor('daily_recap', period),
    branch: branchFor('daily_recap', period),
    title: `Daily recap ${day} (${seed})`,
    body: overrides.body ?? `## Judge\npassed\n\nseed ${seed}\n\n${fingerprintMarker(fingerprint)}`,
    commit_message: `Add the daily recap for ${day}\n\n${fingerprintTrailer(fingerprint)}\n`,
    files: overrides.files ?? [
      {
        path: `content/posts/2026/daily-recap-${day}.md`,
        content: `---\ntitle: Recap ${seed}\n---\nHéllo ✨ ${seed}\n`,
      },
      { path: `content/items/clip-${day}-a.json`, content: `{"seed":"${seed}"}` },
      { path: `content/items/clip-${day}-b.json`, content: 'crlf\r\nstays\r\n' },
    ],
    fingerprint,
    draft: overrides.draft ?? false,
    labels: ['streamlog', 'daily-recap'],
  };
}

function sha(seed: string): string {
  return Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(seed.charCodeAt(i % seed.length) + i) % 16]).join('');
}

async function openPublisher(root = project): Promise<LocalGitPublisher> {
  return LocalGitPublisher.open(defaultContentRepoDir(root, {}), {
    projectRoot: root,
    stateDir: join(root, '.wrangler/state'),
    clock,
  });
}

async function refusal(promise: Promise<unknown>): Promise<StreamlogError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isStreamlogError(error)) throw new Error(`expected a StreamlogError, got ${String(error)}`);
  return error;
}

const noForce = { force: false };
const force = { force: true };

beforeEach(async () => {
  temp = realpathSync(await mkdtemp(join(tmpdir(), 'streamlog-localgit-')));
  project = makeProject('project');
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('LocalGitPublisher: publishing', () => {
  it('first publish: a branch exactly one commit ahead of main with every file byte for byte, main untouched', async () => {
    const publisher = await openPublisher();
    const repo = publisher.dir;
    expect(repo).toBe(join(project, '.wrangler/state/content-repo'));
    const mainBefore = g(repo, 'rev-parse', 'refs/heads/main');
    expect(g(repo, 'show', 'main:README.md')).toContain('Streamlog local content repository');
    const projectHead = sh(['rev-parse', 'HEAD'], project);

    const b = bundle('one');
    const result = await publisher.publish(b, noForce);

    expect(result).toMatchObject({ outcome: 'created', branch: b.branch, number: 1, draft: false });
    expect(result.url).toBe(`file://${repo}#pr-1`);
    expect(result.writes).toBe(b.files.length + 2 + 2);
    expect(result.commit_sha).toBe(g(repo, 'rev-parse', `refs/heads/${b.branch}`));
    expect(g(repo, 'rev-list', '--count', `main..${b.branch}`)).toBe('1');
    expect(g(repo, 'rev-parse', `${b.branch}^`)).toBe(mainBefore);
    expect(g(repo, 'rev-parse', 'refs/heads/main')).toBe(mainBefore);
    for (const file of b.files) {
      expect(showBytes(repo, b.branch, file.path).equals(Buffer.from(file.content, 'utf8'))).toBe(true);
    }
    expect(g(repo, 'ls-tree', '-r', '--name-only', b.branch).split('\n').sort()).toEqual(
      ['README.md', ...b.files.map((f) => f.path)].sort(),
    );
    const raw = g(repo, 'cat-file', 'commit', b.branch);
    expect(raw.slice(raw.indexOf('\n\n') + 2)).toBe(b.commit_message.trim());
    expect(g(repo, 'log', '-1', '--format=%an <%ae>|%cn', b.branch)).toBe(
      'streamlog[bot] <streamlog-bot@localhost.invalid>|streamlog[bot]',
    );

    const [pr] = await listLocalPullRequests(repo);
    expect(pr).toMatchObject({
      number: 1,
      branch: b.branch,
      base: 'main',
      title: b.title,
      body: b.body,
      state: 'open',
      draft: false,
      labels: ['streamlog', 'daily-recap'],
    });
    expect(existsSync(pullRequestsPath(repo))).toBe(true);

    // The project's own checkout saw nothing: same HEAD, nothing to commit, and the content repo is its own repository.
    expect(sh(['rev-parse', 'HEAD'], project)).toBe(projectHead);
    expect(sh(['status', '--porcelain'], project)).toBe('');
    expect(sh(['rev-parse', '--absolute-git-dir'], repo)).toBe(repo);
  });

  it('an unchanged re-run writes nothing: same commit, PR file untouched', async () => {
    const publisher = await openPublisher();
    const first = await publisher.publish(bundle('one'), noForce);
    const file = pullRequestsPath(publisher.dir);
    const bytes = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const objects = g(publisher.dir, 'count-objects', '-v');

    const again = await (await openPublisher()).publish(bundle('one'), noForce);

    expect(again).toMatchObject({ outcome: 'unchanged', number: 1, commit_sha: first.commit_sha, writes: 0 });
    expect(again.url).toBe(first.url);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(g(publisher.dir, 'count-objects', '-v')).toBe(objects);
  });

  it('a changed bundle updates the same PR with a new single commit on main', async () => {
    const publisher = await openPublisher();
    const first = await publisher.publish(bundle('one'), noForce);
    const changed = bundle('two', {
      draft: true,
      files: [{ path: `content/posts/2026/daily-recap-${DAY}.md`, content: 'rewritten\n' }],
    });

    const second = await publisher.publish(changed, noForce);

    expect(second).toMatchObject({ outcome: 'updated', number: 1, draft: true });
    expect(second.commit_sha).not.toBe(first.commit_sha);
    expect(g(publisher.dir, 'rev-list', '--count', `main..${changed.branch}`)).toBe('1');
    expect(g(publisher.dir, 'rev-parse', `${changed.branch}^`)).toBe(g(publisher.dir, 'rev-parse', 'main'));
    // The branch holds this bundle's files only: a file the old bundle had is gone.
    expect(g(publisher.dir, 'ls-tree', '-r', '--name-only', changed.branch).split('\n')).toEqual([
      'README.md',
      `content/posts/2026/daily-recap-${DAY}.md`,
    ]);
    const prs = await listLocalPullRequests(publisher.dir);
    expect(prs).toHaveLength(1);
    expect(prs[0]).toMatchObject({ number: 1, body: changed.body, title: changed.title, draft: true, state: 'open' });
  });

  it('a closed PR is not recreated or reopened unless forced; forced, it is reopened and updated', async () => {
    const publisher = await openPublisher();
    const first = await publisher.publish(bundle('one'), noForce);
    await closeLocalPullRequest(publisher.dir, 1);

    const skipped = await publisher.publish(bundle('two'), noForce);
    expect(skipped).toMatchObject({ outcome: 'skipped_closed', number: 1, commit_sha: first.commit_sha, writes: 0 });
    expect(g(publisher.dir, 'rev-parse', `refs/heads/${bundle('one').branch}`)).toBe(first.commit_sha);
    expect(await listLocalPullRequests(publisher.dir)).toMatchObject([{ number: 1, state: 'closed' }]);

    const forced = await publisher.publish(bundle('two'), force);
    expect(forced).toMatchObject({ outcome: 'updated', number: 1 });
    expect(forced.commit_sha).not.toBe(first.commit_sha);
    expect(await listLocalPullRequests(publisher.dir)).toMatchObject([
      { number: 1, state: 'open', body: bundle('two').body },
    ]);
  });

  it('a merged PR is skipped; forced, a new PR one commit ahead of the new main', async () => {
    const publisher = await openPublisher();
    const first = await publisher.publish(bundle('one'), noForce);
    await mergeLocalPullRequest(publisher.dir, 1);

    const skipped = await publisher.publish(bundle('two'), noForce);
    expect(skipped).toMatchObject({ outcome: 'skipped_merged', number: 1, commit_sha: first.commit_sha, writes: 0 });

    const forced = await publisher.publish(bundle('two'), force);
    expect(forced).toMatchObject({ outcome: 'created', number: 2 });
    expect(g(publisher.dir, 'rev-parse', `${forced.branch}^`)).toBe(first.commit_sha);
    expect((await listLocalPullRequests(publisher.dir)).map((p) => [p.number, p.state])).toEqual([
      [1, 'merged'],
      [2, 'open'],
    ]);
  });

  it('a branch a person committed to is never overwritten, not even with force', async () => {
    const publisher = await openPublisher();
    const repo = publisher.dir;
    const b = bundle('one');
    await publisher.publish(b, noForce);
    // A person adds a commit on top of the pipeline's (plumbing, no work tree), without the trailer.
    const tree = g(repo, 'rev-parse', `${b.branch}^{tree}`);
    const human = g(repo, 'commit-tree', tree, '-p', b.branch, '-m', 'Fix a typo');
    g(repo, 'update-ref', `refs/heads/${b.branch}`, human);
    const prFile = readFileSync(pullRequestsPath(repo));

    for (const [candidate, options] of [
      [bundle('two'), noForce],
      [bundle('two'), force],
      [bundle('one'), force],
    ] as const) {
      const result = await publisher.publish(candidate, options);
      expect(result).toMatchObject({ outcome: 'skipped_human_edits', number: 1, commit_sha: human, writes: 0 });
      expect(g(repo, 'rev-parse', `refs/heads/${b.branch}`)).toBe(human);
    }
    expect(readFileSync(pullRequestsPath(repo)).equals(prFile)).toBe(true);
  });

  it('writes 50 files in one commit', async () => {
    const publisher = await openPublisher();
    const files = Array.from({ length: 50 }, (_, i) => ({
      path: `content/items/clip-${String(i).padStart(2, '0')}.json`,
      content: `{"i":${i},"text":"${'x'.repeat(i * 100)}"}\n`,
    }));
    const b = bundle('fifty', { files });

    const result = await publisher.publish(b, noForce);

    expect(result.outcome).toBe('created');
    expect(g(publisher.dir, 'rev-list', '--count', `main..${b.branch}`)).toBe('1');
    expect(g(publisher.dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', 'main', b.branch).split('\n')).toEqual(
      files.map((f) => f.path),
    );
    for (const file of [files[0], files[27], files[49]]) {
      if (!file) throw new Error('missing file');
      expect(showBytes(publisher.dir, b.branch, file.path).toString('utf8')).toBe(file.content);
    }
  });

  it('three publishes at once (different periods) all land, each with its own PR', async () => {
    const publisher = await openPublisher();
    const days = ['2026-11-09', '2026-11-10', '2026-11-11'];
    const results = await Promise.all(days.map((day) => publisher.publish(bundle(`p${day}`, { day }), noForce)));
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
    expect(new Set(results.map((r) => r.number))).toEqual(new Set([1, 2, 3]));
    expect((await listLocalPullRequests(publisher.dir)).map((p) => p.branch).sort()).toEqual(
      days.map((day) => branchFor('daily_recap', { start: day, end: day })),
    );
  });

  it("ignores the caller's GIT_* variables and the repository's hooks", async () => {
    const repo = (await openPublisher()).dir;
    // A hook that would veto every ref update, were hooks allowed to run.
    writeFileSync(join(repo, 'hooks-veto'), '#!/bin/sh\nexit 1\n');
    chmodSync(join(repo, 'hooks-veto'), 0o755);
    mkdirSync(join(repo, 'hooks'));
    renameSync(join(repo, 'hooks-veto'), join(repo, 'hooks', 'reference-transaction'));
    // As if run from inside a hook of the project's own repository.
    const leaked = {
      GIT_DIR: join(project, '.git'),
      GIT_WORK_TREE: project,
      GIT_INDEX_FILE: join(project, '.git', 'index'),
      GIT_OBJECT_DIRECTORY: join(project, '.git', 'objects'),
    };
    const saved = Object.fromEntries(Object.keys(leaked).map((key) => [key, process.env[key]]));
    Object.assign(process.env, leaked);
    try {
      const publisher = await openPublisher();
      expect((await publisher.publish(bundle('one'), noForce)).outcome).toBe('created');
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(g(repo, 'rev-parse', '--verify', `refs/heads/${bundle('one').branch}`)).toMatch(/^[0-9a-f]{40}$/);
    expect(showBytes(repo, bundle('one').branch, bundle('one').files[1]?.path ?? '').toString()).toContain('one');
    expect(sh(['branch', '--list'], project)).toBe('* main');
    expect(sh(['status', '--porcelain'], project)).toBe('');
  });

  it('a stale expected value loses the compare-and-swap instead of clobbering', async () => {
    const publisher = await openPublisher();
    const first = await publisher.publish(bundle('one'), noForce);
    const main = g(publisher.dir, 'rev-parse', 'main');
    const error = await refusal(compareAndSwapBranch(publisher.dir, bundle('one').branch, main, main, 'test'));
    expect(error.code).toBe('concurrent_update');
    expect(await readBranch(publisher.dir, bundle('one').branch)).toBe(first.commit_sha);
  });
});

describe('LocalGitPublisher: refusing unsafe bundles', () => {
  const hostile = [
    '../outside.md',
    'content/../../outside.md',
    '/etc/passwd',
    'C:/Windows/x.md',
    'content/posts/../../../x.md',
    'content/./posts/x.md',
    'content//posts/x.md',
    'content/',
    'content',
    'README.md',
    'posts/2026/x.md',
    '.git/hooks/pre-commit',
    'content/.git/config',
    'content/posts/.GIT/x',
    'content/.gitattributes',
    'content/.gitmodules',
    'content/GIT~1/x',
    'content\\..\\x.md',
    'content/posts/x\n.md',
    'content/posts/x\u0000.md',
    '',
  ];

  it('refuses every hostile path and writes nothing', async () => {
    const publisher = await openPublisher();
    const objects = g(publisher.dir, 'count-objects', '-v');
    for (const path of hostile) {
      const b = bundle('evil', {
        files: [
          { path: 'content/posts/2026/fine.md', content: 'fine' },
          { path, content: 'pwned' },
        ],
      });
      const error = await refusal(publisher.publish(b, noForce));
      expect(error.code, JSON.stringify(path)).toBe('validation_failed');
      expect(contentPathProblem(path), JSON.stringify(path)).not.toBeNull();
    }
    expect(g(publisher.dir, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main');
    expect(g(publisher.dir, 'count-objects', '-v')).toBe(objects);
    expect(existsSync(pullRequestsPath(publisher.dir))).toBe(false);
  });

  it('accepts ordinary content paths', () => {
    expect(contentPathProblem('content/posts/2026/daily-recap-2026-11-09.md')).toBeNull();
    expect(contentPathProblem('content/items/clip_Abc-123.json')).toBeNull();
    expect(contentPathProblem('content/posts/2026/a.b.md')).toBeNull();
  });

  it('refuses a body over 65,535 characters, a duplicate path, a bad branch and a missing trailer', async () => {
    const publisher = await openPublisher();
    const base = bundle('one');
    const long = `${'x'.repeat(65_536 - fingerprintMarker(base.fingerprint).length)}${fingerprintMarker(base.fingerprint)}`;
    expect(long.length).toBe(65_536);
    const cases: PostBundle[] = [
      { ...base, body: long },
      { ...base, files: [...base.files, { path: base.files[0]?.path ?? '', content: 'again' }] },
      { ...base, branch: 'main' },
      { ...base, branch: 'streamlog/a..b/../c' },
      { ...base, branch: 'streamlog/x.lock' },
      { ...base, commit_message: 'Add the recap\n' },
      { ...base, body: 'no marker' },
      { ...base, files: [] },
    ];
    for (const candidate of cases) {
      const error = await refusal(publisher.publish(candidate, noForce));
      expect(error.code, JSON.stringify(candidate.branch)).toBe('validation_failed');
    }
    expect(g(publisher.dir, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main');
    // Exactly at the limit is fine.
    const atLimit = { ...base, body: long.slice(1) };
    expect((await publisher.publish(atLimit, noForce)).outcome).toBe('created');
  });
});

describe('LocalGitPublisher.open: where the repository may live', () => {
  it('refuses the project root itself and any folder that contains the project', async () => {
    for (const dir of [project, temp]) {
      const error = await refusal(LocalGitPublisher.open(dir, { projectRoot: project }));
      expect(error.code).toBe('configuration_error');
      expect(error.message).not.toContain('\n');
    }
    expect(existsSync(join(project, 'HEAD'))).toBe(false);
  });

  it("refuses a folder in the project's work tree outside the state folder, or inside its .git", async () => {
    for (const dir of [join(project, 'content-repo'), join(project, 'src/deep/repo'), join(project, '.git/content')]) {
      const error = await refusal(LocalGitPublisher.open(dir, { projectRoot: project }));
      expect(error.code).toBe('configuration_error');
      expect(existsSync(dir)).toBe(false);
    }
    expect(sh(['status', '--porcelain'], project)).toBe('');
  });

  it('refuses the state folder when the project does not git-ignore it', async () => {
    const unignored = makeProject('unignored', false);
    const dir = defaultContentRepoDir(unignored, {});
    const error = await refusal(LocalGitPublisher.open(dir, { projectRoot: unignored }));
    expect(error.code).toBe('configuration_error');
    expect(error.message).toContain('not git-ignored');
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses an existing folder that is not a Streamlog content repository (e.g. someone's checkout)", async () => {
    const other = makeProject('other-checkout');
    const error = await refusal(LocalGitPublisher.open(other, { projectRoot: project }));
    expect(error.code).toBe('configuration_error');
    const stuff = join(temp, 'stuff');
    mkdirSync(stuff);
    writeFileSync(join(stuff, 'notes.txt'), 'mine');
    expect((await refusal(LocalGitPublisher.open(stuff, { projectRoot: project }))).code).toBe('configuration_error');
    expect(readdirSync(stuff)).toEqual(['notes.txt']);
  });

  it('allows a folder outside any work tree ($STREAMLOG_STATE_DIR) and reopens it', async () => {
    const stateDir = join(temp, 'state-elsewhere');
    const dir = defaultContentRepoDir(project, { STREAMLOG_STATE_DIR: stateDir });
    expect(dir).toBe(join(stateDir, 'content-repo'));
    const first = await LocalGitPublisher.open(dir, { projectRoot: project, stateDir, clock });
    await first.publish(bundle('one'), noForce);
    const again = await LocalGitPublisher.open(dir, { projectRoot: project, stateDir, clock });
    expect(again.dir).toBe(first.dir);
    expect((await again.publish(bundle('one'), noForce)).outcome).toBe('unchanged');
    expect(g(dir, 'rev-list', '--count', 'main')).toBe('1');
  });

  it('refuses a base branch the repository does not have', async () => {
    await openPublisher();
    const error = await refusal(
      LocalGitPublisher.open(defaultContentRepoDir(project, {}), { projectRoot: project, baseBranch: 'trunk' }),
    );
    expect(error.code).toBe('configuration_error');
  });
});

describe('local pull request helpers', () => {
  it('merges: fast-forward first, then a merge commit when main has moved; files land on main', async () => {
    const publisher = await openPublisher();
    const a = bundle('a', { day: '2026-11-09' });
    const b = bundle('b', { day: '2026-11-10' });
    const ra = await publisher.publish(a, noForce);
    const rb = await publisher.publish(b, noForce);

    const mergedA = await mergeLocalPullRequest(publisher.dir, 1);
    expect(mergedA).toMatchObject({ state: 'merged', merge_commit_sha: ra.commit_sha });
    expect(g(publisher.dir, 'rev-parse', 'main')).toBe(ra.commit_sha);

    const mergedB = await mergeLocalPullRequest(publisher.dir, 2);
    const main = g(publisher.dir, 'rev-parse', 'main');
    expect(mergedB.merge_commit_sha).toBe(main);
    expect(g(publisher.dir, 'rev-list', '--parents', '-n', '1', 'main').split(' ').slice(1)).toEqual([
      ra.commit_sha,
      rb.commit_sha,
    ]);
    for (const file of [...a.files, ...b.files]) {
      expect(showBytes(publisher.dir, 'main', file.path).equals(Buffer.from(file.content, 'utf8'))).toBe(true);
    }
    expect((await listLocalPullRequests(publisher.dir)).map((p) => p.state)).toEqual(['merged', 'merged']);
    expect((await refusal(mergeLocalPullRequest(publisher.dir, 2))).code).toBe('illegal_transition');
    expect((await refusal(mergeLocalPullRequest(publisher.dir, 9))).code).toBe('not_found');
  });

  it('refuses to merge a draft or a conflicting PR, and changes nothing', async () => {
    const publisher = await openPublisher();
    const shared = `content/posts/2026/shared.md`;
    await publisher.publish(bundle('a', { day: '2026-11-09', draft: true }), noForce);
    expect((await refusal(mergeLocalPullRequest(publisher.dir, 1))).code).toBe('illegal_transition');
    await markLocalPullRequestReady(publisher.dir, 1);
    const conflicting = [
      bundle('c1', { day: '2026-11-20', files: [{ path: shared, content: 'one\n' }] }),
      bundle('c2', { day: '2026-11-21', files: [{ path: shared, content: 'two\n' }] }),
    ];
    for (const c of conflicting) await publisher.publish(c, noForce);
    await mergeLocalPullRequest(publisher.dir, 2);
    const main = g(publisher.dir, 'rev-parse', 'main');
    expect((await refusal(mergeLocalPullRequest(publisher.dir, 3))).code).toBe('illegal_transition');
    expect(g(publisher.dir, 'rev-parse', 'main')).toBe(main);
    expect((await listLocalPullRequests(publisher.dir)).map((p) => p.state)).toEqual(['open', 'merged', 'open']);
  });

  it('closes and reopens; a merged PR cannot be reopened', async () => {
    const publisher = await openPublisher();
    await publisher.publish(bundle('one'), noForce);
    expect(await closeLocalPullRequest(publisher.dir, 1)).toMatchObject({ state: 'closed' });
    expect((await refusal(closeLocalPullRequest(publisher.dir, 1))).code).toBe('illegal_transition');
    expect(await reopenLocalPullRequest(publisher.dir, 1)).toMatchObject({ state: 'open' });
    // Reopened with the same fingerprint: nothing to do.
    expect((await publisher.publish(bundle('one'), noForce)).outcome).toBe('unchanged');
    await mergeLocalPullRequest(publisher.dir, 1);
    expect((await refusal(reopenLocalPullRequest(publisher.dir, 1))).code).toBe('illegal_transition');
  });

  it('refuses to list or change a folder that is not a content repository', async () => {
    expect((await refusal(listLocalPullRequests(project))).code).toBe('configuration_error');
    expect((await refusal(listLocalPullRequests(join(temp, 'missing')))).code).toBe('not_found');
  });
});
