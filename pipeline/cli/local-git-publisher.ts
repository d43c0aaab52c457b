import { StreamlogError } from '../../core/errors.ts';
import { fingerprintInBody, fingerprintInCommitMessage, type PostBundle } from '../../core/publishing/bundle.ts';
import { checkBundle } from '../../core/publishing/bundle-checks.ts';
import type { Clock } from '../../core/time/clock.ts';
import { systemClock } from '../../store/system-clock.ts';
import type { Publisher, PublishOptions, PublishOutcome, PublishResult } from '../src/publish/ports.ts';
import { type ContentRepoOptions, isValidBranchName, openContentRepo } from './content-repo.ts';
import { commitMessage, compareAndSwapBranch, readBranch, writeCommit } from './git-plumbing.ts';
import {
  type LocalPullRequest,
  localPullRequestUrl,
  pullRequestForBranch,
  readPullRequests,
  withRepoLock,
  writePullRequests,
} from './local-pull-requests.ts';

/** Where the repository may live and its base branch; `clock` also dates commits and PR records (tests pin it). */
export type LocalGitPublisherOptions = ContentRepoOptions;

/**
 * The embedded default publisher: with no GitHub credentials, each bundle becomes a real branch and
 * a real commit in a local bare repository under the project's state folder, and a "pull request"
 * record beside it, with the same rules as the GitHub publisher:
 * - an open PR already carrying the bundle's fingerprint: `unchanged`, nothing written;
 * - a closed PR: `skipped_closed` (with `force`: re-opened and updated);
 * - a merged PR: `skipped_merged` (with `force`: a new PR on the same branch);
 * - a branch whose head commit lacks the `Streamlog-Fingerprint:` trailer (a person committed to it):
 *   `skipped_human_edits`, even with `force`;
 * - otherwise one commit with every file on top of the base head (the branch is always exactly one
 *   commit ahead of base), a compare-and-swap ref update, and the PR created or updated.
 * Never writes to the base branch.
 */
export class LocalGitPublisher implements Publisher {
  readonly kind = 'local-git' as const;
  /** The repository folder (real path). */
  readonly dir: string;
  readonly gitDir: string;
  readonly baseBranch: string;
  readonly #clock: Clock;

  private constructor(dir: string, gitDir: string, baseBranch: string, clock: Clock) {
    this.dir = dir;
    this.gitDir = gitDir;
    this.baseBranch = baseBranch;
    this.#clock = clock;
  }

  /**
   * Opens (or creates) the content repository at `dir`; refuses with `configuration_error` a `dir`
   * that is the project, contains it, or sits in a work tree outside the git-ignored state folder.
   */
  static async open(dir: string, options: LocalGitPublisherOptions): Promise<LocalGitPublisher> {
    const clock = options.clock ?? systemClock;
    const repo = await openContentRepo(dir, { ...options, clock });
    return new LocalGitPublisher(repo.dir, repo.gitDir, repo.baseBranch, clock);
  }

  async publish(bundle: PostBundle, options: PublishOptions): Promise<PublishResult> {
    checkBundle(bundle, this.baseBranch);
    if (!(await isValidBranchName(bundle.branch))) {
      throw new StreamlogError('validation_failed', `"${bundle.branch}" is not a valid branch name`, {
        branch: bundle.branch,
      });
    }
    return withRepoLock(this.gitDir, () => this.#publishLocked(bundle, options));
  }

  async #publishLocked(bundle: PostBundle, options: PublishOptions): Promise<PublishResult> {
    const gitDir = this.gitDir;
    const all = await readPullRequests(gitDir);
    const pr = pullRequestForBranch(all, bundle.branch);
    const head = await readBranch(gitDir, bundle.branch);
    const skip = (outcome: PublishOutcome): PublishResult => this.#result(outcome, bundle.branch, pr, head, 0);

    if (pr?.state === 'closed' && !options.force) return skip('skipped_closed');
    if (pr?.state === 'merged' && !options.force) return skip('skipped_merged');
    if (head && fingerprintInCommitMessage(await commitMessage(gitDir, head)) === null) {
      return skip('skipped_human_edits');
    }
    if (pr?.state === 'open' && head && fingerprintInBody(pr.body) === bundle.fingerprint) return skip('unchanged');

    const base = await readBranch(gitDir, this.baseBranch);
    if (!base) throw new StreamlogError('configuration_error', `the base branch ${this.baseBranch} no longer exists`);
    const date = this.#clock.now();
    const commit = await writeCommit(gitDir, {
      parent: base,
      files: bundle.files,
      message: bundle.commit_message,
      date,
    });
    await compareAndSwapBranch(gitDir, bundle.branch, commit.sha, head, 'streamlog: publish');

    const stamp = date.toISOString();
    const content = { title: bundle.title, body: bundle.body, draft: bundle.draft, labels: [...bundle.labels] };
    // A merged PR stays merged; publishing over it (forced) opens a new one, as GitHub would.
    const reuse = pr !== null && pr.state !== 'merged';
    const next: LocalPullRequest = reuse
      ? { ...pr, ...content, state: 'open', updated_at: stamp }
      : {
          number: all.reduce((max, p) => Math.max(max, p.number), 0) + 1,
          branch: bundle.branch,
          base: this.baseBranch,
          ...content,
          state: 'open',
          created_at: stamp,
          updated_at: stamp,
          merged_at: null,
          merge_commit_sha: null,
        };
    await writePullRequests(gitDir, reuse ? all.map((p) => (p.number === next.number ? next : p)) : [...all, next]);
    // Objects, the branch ref, the PR file.
    const writes = commit.objects + 2;
    return this.#result(reuse ? 'updated' : 'created', bundle.branch, next, commit.sha, writes);
  }

  #result(
    outcome: PublishOutcome,
    branch: string,
    pr: LocalPullRequest | null,
    commitSha: string | null,
    writes: number,
  ): PublishResult {
    return {
      outcome,
      branch,
      number: pr?.number ?? null,
      url: pr ? localPullRequestUrl(this.dir, pr.number) : null,
      commit_sha: commitSha,
      draft: pr?.draft ?? false,
      writes,
    };
  }
}
