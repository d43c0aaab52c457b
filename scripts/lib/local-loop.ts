/**
 * The effectful half of `npm start`'s local loop (DESIGN §7 "Embedded default"): merging the local
 * pull requests the judge passed, exporting the merged `main` for the blog build, loading the built
 * items into local D1, and a log file for the pipeline's own lines. The pure half (which PRs, the
 * summary text) is scripts/lib/loop-summary.ts.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isStreamlogError } from '../../core/errors.ts';
import { runGit } from '../../pipeline/cli/git-runner.ts';
import {
  type LocalPullRequest,
  listLocalPullRequests,
  mergeLocalPullRequest,
} from '../../pipeline/cli/local-pull-requests.ts';
import { markMergedPostsLive, updateReviewOfPullRequest } from '../../pipeline/src/jobs/review-update.ts';
import type { Logger, PipelineDeps } from '../../pipeline/src/ports.ts';
import { type ContentComparison, pullRequestsToMerge, withoutTimestamps } from './loop-summary.ts';
import { seedItemsStatements } from './seed-sql.ts';

/** The sample days the bundled Twitch/GitHub/transcripts cover, in their zone. 2026-11-07 has no development clips. */
export const SAMPLE_DAYS = ['2026-11-03', '2026-11-05', '2026-11-07', '2026-11-09'] as const;
export const SAMPLE_TIME_ZONE = 'America/Mexico_City';

/** Every line of the pipeline's log into `path` (progress on the terminal stays one line per step). */
export function fileLogger(path: string): Logger {
  mkdirSync(dirname(path), { recursive: true });
  const write = (level: string, message: string, meta: Record<string, unknown> = {}) =>
    appendFileSync(
      path,
      `${new Date().toISOString()} ${level} ${message}${Object.keys(meta).length ? ` ${JSON.stringify(meta)}` : ''}\n`,
    );
  return {
    info: (message, meta) => write('info', message, meta),
    warn: (message, meta) => write('warn', message, meta),
    error: (message, meta) => write('error', message, meta),
  };
}

export interface MergeOutcome {
  merged: LocalPullRequest[];
  /** PRs that were chosen but could not be merged (a conflict), with why; they stay open. */
  refused: { number: number; reason: string }[];
  /** Review messages moved to `merged`. */
  moved: number;
  /** Every PR after the merges, oldest first. */
  pullRequests: LocalPullRequest[];
}

/**
 * Merges the open, non-draft PRs the judge passed into the local repository's `main`, as the owner
 * would on GitHub, and moves each one's review message to `merged` (what GitHub's `pull_request`
 * webhook does in production). Drafts stay open. A second run finds nothing to merge.
 */
export async function mergePassingPullRequests(
  deps: Pick<PipelineDeps, 'clock' | 'log' | 'publishing'>,
  repoDir: string,
): Promise<MergeOutcome> {
  const before = await listLocalPullRequests(repoDir);
  const verdicts = new Map<string, string | null>();
  for (const pr of before.filter((p) => p.state === 'open')) {
    verdicts.set(pr.branch, (await deps.publishing.publications.byBranch(pr.branch))?.verdict ?? null);
  }
  const merged: LocalPullRequest[] = [];
  const refused: MergeOutcome['refused'] = [];
  let moved = 0;
  for (const pr of pullRequestsToMerge(before, (branch) => verdicts.get(branch) ?? null)) {
    try {
      merged.push(await mergeLocalPullRequest(repoDir, pr.number));
    } catch (error) {
      if (!isStreamlogError(error, 'illegal_transition')) throw error;
      refused.push({ number: pr.number, reason: error.message });
      continue;
    }
    moved += await updateReviewOfPullRequest(deps, {
      branch: pr.branch,
      number: pr.number,
      merged: true,
      closed: true,
    });
  }
  return { merged, refused, moved, pullRequests: await listLocalPullRequests(repoDir) };
}

/** After the blog built from the merged `main`: merged posts are live (a production deploy's webhook in production). */
export function markLive(deps: Pick<PipelineDeps, 'clock' | 'log' | 'publishing'>): Promise<number> {
  return markMergedPostsLive(deps);
}

/**
 * Writes the `content/` folder of the repository's `branch` to `<outParent>/content` (replacing
 * what was there), through `git archive`: no checkout, no work tree. A `main` without `content/`
 * (nothing merged yet) gives empty `posts/` and `items/`. Returns the folder.
 */
export async function exportContent(repoDir: string, outParent: string, branch = 'main'): Promise<string> {
  const out = join(outParent, 'content');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(outParent, { recursive: true });
  const listed = await runGit(['ls-tree', '--name-only', branch, 'content'], { gitDir: repoDir });
  if (listed.code !== 0) throw new Error(`git ls-tree ${branch} failed in ${repoDir}: ${listed.stderr.trim()}`);
  if (listed.stdout.trim() !== '') {
    const tar = join(outParent, 'content.tar');
    const archived = await runGit(['archive', '--format=tar', '-o', tar, branch, 'content'], { gitDir: repoDir });
    if (archived.code !== 0) throw new Error(`git archive ${branch} failed in ${repoDir}: ${archived.stderr.trim()}`);
    const extracted = spawnSync('tar', ['-xf', tar, '-C', outParent], { encoding: 'utf8' });
    rmSync(tar, { force: true });
    if (extracted.status !== 0)
      throw new Error(`extracting ${branch}'s content/ failed: ${extracted.stderr || extracted.error?.message}`);
  }
  mkdirSync(join(out, 'posts'), { recursive: true });
  mkdirSync(join(out, 'items'), { recursive: true });
  return out;
}

/** Every file under `dir`, relative path → bytes (a missing folder is empty). */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!existsSync(dir)) return files;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Whether two folders hold the same files with the same bytes. */
export function sameFiles(a: string, b: string): boolean {
  const left = filesUnder(a);
  const right = filesUnder(b);
  if (left.size !== right.size) return false;
  for (const [path, bytes] of left) {
    const other = right.get(path);
    if (!other?.equals(bytes)) return false;
  }
  return true;
}

/**
 * How the folder `a` compares with `b`: `identical` bytes, the same but for ISO timestamps
 * (`timestamps`: a run records when it stored, transcribed and wrote things), or `differs`.
 */
export function compareContent(a: string, b: string): ContentComparison {
  if (sameFiles(a, b)) return 'identical';
  const left = filesUnder(a);
  const right = filesUnder(b);
  if (left.size !== right.size) return 'differs';
  for (const [path, bytes] of left) {
    const other = right.get(path);
    if (!other || withoutTimestamps(bytes.toString('utf8')) !== withoutTimestamps(other.toString('utf8')))
      return 'differs';
  }
  return 'timestamps';
}

/** The ContentItem files of `<contentDir>/items`, parsed. */
export function readItems(contentDir: string): unknown[] {
  const dir = join(contentDir, 'items');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown);
}

/** How many `*.md` posts `<contentDir>/posts` holds. */
export function countPosts(contentDir: string): number {
  return [...filesUnder(join(contentDir, 'posts')).keys()].filter((path) => path.endsWith('.md')).length;
}

/**
 * Loads the built content's items into local D1 (insert-only: what the pipeline already holds
 * wins), so the content API answers with what the blog shows. Returns how many were new to D1.
 */
export async function seedItems(db: D1Database, items: unknown[]): Promise<number> {
  if (items.length === 0) return 0;
  const count = async () =>
    (await db.prepare('SELECT COUNT(*) AS n FROM content_items').first<{ n: number }>())?.n ?? 0;
  const before = await count();
  await db.batch(seedItemsStatements(items).map((sql) => db.prepare(sql)));
  return (await count()) - before;
}
