import { isStreamlogError, StreamlogError } from '../../../core/errors.ts';
import { fingerprintInBody, fingerprintInCommitMessage, type PostBundle } from '../../../core/publishing/bundle.ts';
import { checkBundle } from '../../../core/publishing/bundle-checks.ts';
import { upstreamBackoffMs } from '../../../core/time/backoff.ts';
import type { PublishingSettings } from '../config.ts';
import type { Clock, Logger } from '../ports.ts';
import {
  type CommitView,
  type PullView,
  readCommit,
  readPull,
  readPullList,
  readRefSha,
  readSha,
} from './github-pulls.ts';
import { type CallContext, GitHubRest, type GitHubRestOptions, githubMessage } from './github-rest.ts';
import type { Publisher, PublishOptions, PublishOutcome, PublishResult } from './ports.ts';

/** The publisher calls GitHub through GitHubRest, with its options and defaults. */
export type GitHubPublisherOptions = GitHubRestOptions;

interface BranchHead {
  sha: string;
  commit: CommitView;
}

/** Thrown inside a publish when a person's commit turns up mid-way (a race with a push). */
class HumanEdits extends Error {
  readonly sha: string;
  constructor(sha: string) {
    super('the branch has a commit without the Streamlog trailer');
    this.sha = sha;
  }
}

/**
 * Opens or updates the one pull request of a post type and period on GitHub (docs/publishing.md):
 * find the PR by head branch, decide from its state and the fingerprints whether to write at all,
 * then write every file in one commit through the Git Data API (tree, commit, ref: constant in the
 * number of files), then the PR, then missing labels. Never merges, approves or writes to the base
 * branch; never overwrites a branch a person pushed to.
 */
export class GitHubPublisher implements Publisher {
  readonly kind = 'github' as const;
  readonly #rest: GitHubRest;
  readonly #settings: PublishingSettings;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #maxAttempts: number;

  constructor(options: GitHubPublisherOptions) {
    this.#settings = options.settings;
    this.#clock = options.clock;
    this.#log = options.log;
    this.#maxAttempts = options.maxAttempts ?? 4;
    this.#rest = new GitHubRest({ ...options, maxAttempts: this.#maxAttempts });
  }

  async publish(bundle: PostBundle, options: PublishOptions): Promise<PublishResult> {
    checkBundle(bundle, this.#settings.baseBranch);
    const context: CallContext = { writes: 0 };
    const done = (
      outcome: PublishOutcome,
      pull: PullView | null,
      commitSha: string | null,
      draft = pull?.draft ?? bundle.draft,
    ): PublishResult => {
      const result: PublishResult = {
        outcome,
        branch: bundle.branch,
        number: pull?.number ?? null,
        url: pull?.html_url ?? null,
        commit_sha: commitSha,
        draft,
        writes: context.writes,
      };
      this.#log.info('github publish', { ...result, subject_key: bundle.subject_key });
      return result;
    };

    const pull = this.#pick(await this.#listPulls(context, bundle.branch));
    if (pull?.state === 'open' && fingerprintInBody(pull.body) === bundle.fingerprint) {
      return done('unchanged', pull, pull.head_sha);
    }
    if (pull?.state === 'closed' && !options.force) {
      return done(pull.merged ? 'skipped_merged' : 'skipped_closed', pull, pull.head_sha);
    }
    const head = await this.#branchHead(context, bundle.branch);
    if (head && fingerprintInCommitMessage(head.commit.message) === null) {
      return done('skipped_human_edits', pull, head.sha);
    }
    try {
      return await this.#write(context, bundle, pull, head, done);
    } catch (error) {
      if (error instanceof HumanEdits) return done('skipped_human_edits', pull, error.sha);
      throw error;
    }
  }

  async #write(
    context: CallContext,
    bundle: PostBundle,
    pull: PullView | null,
    head: BranchHead | null,
    done: (outcome: PublishOutcome, pull: PullView | null, commitSha: string | null) => PublishResult,
  ): Promise<PublishResult> {
    const baseSha = await this.#baseHead(context);

    // A PR closed without merging, forced: reopen it while its branch is still where it was when
    // it closed (GitHub refuses to reopen a PR whose branch was force-pushed or deleted since).
    let target = pull?.state === 'open' ? pull : null;
    if (pull?.state === 'closed' && !pull.merged && head) {
      const reopened = await this.#rest.send(
        context,
        'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
        { pull_number: pull.number, state: 'open' },
        { allow: [422] },
      );
      if (reopened.status === 422) {
        this.#log.warn('github refused to reopen the PR; opening a new one', {
          number: pull.number,
          message: githubMessage(reopened.data),
        });
      } else target = readPull(reopened.data);
    }

    // One commit on top of the base head, so the branch is always exactly one commit ahead of base.
    // A commit an earlier run wrote for this very fingerprint on this very base is kept (that run
    // stopped before the PR step); anything else is rewritten.
    const reusable =
      head !== null &&
      fingerprintInCommitMessage(head.commit.message) === bundle.fingerprint &&
      head.commit.parents.length === 1 &&
      head.commit.parents[0] === baseSha;
    let commitSha: string;
    if (reusable) {
      commitSha = head.sha;
    } else {
      commitSha = await this.#commit(context, bundle, baseSha);
      await this.#moveBranch(context, bundle.branch, commitSha, head !== null);
    }

    let outcome: PublishOutcome;
    let result: PullView;
    if (target) {
      const updated = await this.#rest.send(context, 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        pull_number: target.number,
        title: bundle.title,
        body: bundle.body,
      });
      result = readPull(updated.data);
      outcome = 'updated';
    } else {
      const created = await this.#createPull(context, bundle);
      result = created.pull;
      outcome = created.outcome;
    }

    const missing = bundle.labels.filter((label) => !result.labels.includes(label));
    if (missing.length > 0) {
      await this.#rest.send(context, 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        issue_number: result.number,
        labels: missing,
      });
    }
    return done(outcome, result, commitSha);
  }

  /** Every PR ever opened from the branch, open or closed (`head=owner:branch&state=all`). */
  async #listPulls(context: CallContext, branch: string): Promise<PullView[]> {
    const { owner, repo } = this.#settings;
    const answer = await this.#rest.send(
      context,
      'GET /repos/{owner}/{repo}/pulls',
      { head: `${owner}:${branch}`, state: 'all', per_page: 100 },
      { allow: [404] },
    );
    if (answer.status === 404) {
      throw new StreamlogError(
        'configuration_error',
        `CONTENT_REPO ${owner}/${repo} was not found, or the GitHub token/App cannot see it (404)`,
        { variable: 'CONTENT_REPO' },
      );
    }
    // GitHub ignores a malformed `head` filter and lists every PR: keep only this branch's.
    return readPullList(answer.data).filter((candidate) => candidate.head_ref === branch);
  }

  /** The open PR (on our base branch first), else the most recent one. */
  #pick(pulls: PullView[]): PullView | null {
    const open = pulls.filter((candidate) => candidate.state === 'open');
    const newest = (list: PullView[]) =>
      list.reduce<PullView | null>((a, b) => (a && a.number > b.number ? a : b), null);
    return (
      newest(open.filter((candidate) => candidate.base_ref === this.#settings.baseBranch)) ??
      newest(open) ??
      newest(pulls)
    );
  }

  async #branchHead(context: CallContext, branch: string): Promise<BranchHead | null> {
    const ref = await this.#rest.send(
      context,
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      { ref: `heads/${branch}` },
      { allow: [404] },
    );
    if (ref.status === 404) return null;
    const sha = readRefSha(ref.data);
    const commit = await this.#rest.send(context, 'GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      commit_sha: sha,
    });
    return { sha, commit: readCommit(commit.data) };
  }

  async #baseHead(context: CallContext): Promise<string> {
    const { owner, repo, baseBranch } = this.#settings;
    const ref = await this.#rest.send(
      context,
      'GET /repos/{owner}/{repo}/git/ref/{ref}',
      { ref: `heads/${baseBranch}` },
      { allow: [404] },
    );
    if (ref.status === 404) {
      throw new StreamlogError(
        'configuration_error',
        `CONTENT_BASE_BRANCH "${baseBranch}" does not exist in ${owner}/${repo}`,
        { variable: 'CONTENT_BASE_BRANCH' },
      );
    }
    return readRefSha(ref.data);
  }

  /** Two writes whatever the number of files: one tree with every file inline, one commit. */
  async #commit(context: CallContext, bundle: PostBundle, baseSha: string): Promise<string> {
    const base = await this.#rest.send(context, 'GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
      commit_sha: baseSha,
    });
    const tree = await this.#rest.send(context, 'POST /repos/{owner}/{repo}/git/trees', {
      base_tree: readCommit(base.data).tree_sha,
      tree: bundle.files.map((file) => ({ path: file.path, mode: '100644', type: 'blob', content: file.content })),
    });
    const commit = await this.#rest.send(context, 'POST /repos/{owner}/{repo}/git/commits', {
      message: bundle.commit_message,
      tree: readSha(tree.data, 'a git tree'),
      parents: [baseSha],
    });
    return readSha(commit.data, 'a git commit');
  }

  /** Points the branch at the new commit: create the ref, or force-move it (it only ever holds our commit). */
  async #moveBranch(context: CallContext, branch: string, sha: string, exists: boolean): Promise<void> {
    if (!exists) {
      const created = await this.#rest.send(
        context,
        'POST /repos/{owner}/{repo}/git/refs',
        { ref: `refs/heads/${branch}`, sha },
        { allow: [422] },
      );
      if (created.status !== 422) return;
      if (!/reference already exists/i.test(githubMessage(created.data))) {
        throw new StreamlogError(
          'upstream_rejected',
          `GitHub refused to create ${branch}: ${githubMessage(created.data)}`,
          { branch },
        );
      }
      // Someone created it since we looked: our own retried POST, a concurrent run, or a person.
      const now = await this.#branchHead(context, branch);
      if (now?.sha === sha) return;
      if (now && fingerprintInCommitMessage(now.commit.message) === null) throw new HumanEdits(now.sha);
    }
    await this.#rest.send(context, 'PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ref: `heads/${branch}`,
      sha,
      force: true,
    });
  }

  /**
   * POST pulls without blind retries. After a 5xx or a timeout the PR may exist anyway (GitHub
   * applied the write, then failed to answer), so the next step is a look, not another POST; a 422
   * "A pull request already exists" is answered the same way.
   */
  async #createPull(context: CallContext, bundle: PostBundle): Promise<{ pull: PullView; outcome: PublishOutcome }> {
    let draft = bundle.draft;
    for (let attempt = 1; ; attempt += 1) {
      let answer: { status: number; data: unknown };
      try {
        answer = await this.#rest.send(
          context,
          'POST /repos/{owner}/{repo}/pulls',
          {
            title: bundle.title,
            head: bundle.branch,
            base: this.#settings.baseBranch,
            body: bundle.body,
            draft,
          },
          { allow: [422], retryTransient: false },
        );
      } catch (error) {
        if (!isStreamlogError(error) || !error.retryable || error.code === 'upstream_rate_limited') throw error;
        const existing = await this.#openPull(context, bundle.branch);
        if (existing) return this.#adopt(context, bundle, existing);
        if (attempt >= this.#maxAttempts) throw error;
        this.#log.warn('github PR creation failed and no PR exists; retrying', { attempt, code: error.code });
        await this.#clock.sleep(upstreamBackoffMs(attempt));
        continue;
      }
      if (answer.status !== 422) return { pull: readPull(answer.data), outcome: 'created' };
      const message = githubMessage(answer.data);
      if (/pull request already exists/i.test(message)) {
        const existing = await this.#openPull(context, bundle.branch);
        if (existing) return this.#adopt(context, bundle, existing);
      }
      if (draft && /draft/i.test(message)) {
        // Draft PRs need a public repository or a paid plan; the polish label still marks it.
        this.#log.warn('draft pull requests are not available in this repository; opening a regular one', {
          message,
        });
        draft = false;
        continue;
      }
      throw new StreamlogError('upstream_rejected', `GitHub refused to open the pull request: ${message}`, {
        branch: bundle.branch,
      });
    }
  }

  async #openPull(context: CallContext, branch: string): Promise<PullView | null> {
    const pull = this.#pick(await this.#listPulls(context, branch));
    return pull?.state === 'open' ? pull : null;
  }

  /** An open PR found after a failed or refused create: ours if it carries this fingerprint, else brought up to date. */
  async #adopt(
    context: CallContext,
    bundle: PostBundle,
    pull: PullView,
  ): Promise<{ pull: PullView; outcome: PublishOutcome }> {
    if (fingerprintInBody(pull.body) === bundle.fingerprint && pull.title === bundle.title) {
      return { pull, outcome: 'created' };
    }
    const updated = await this.#rest.send(context, 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
      pull_number: pull.number,
      title: bundle.title,
      body: bundle.body,
    });
    return { pull: readPull(updated.data), outcome: 'updated' };
  }
}
