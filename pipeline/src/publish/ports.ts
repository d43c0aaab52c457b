import type { PostBundle } from '../../../core/publishing/bundle.ts';

/**
 * What a publish did. Only `created` and `updated` wrote anything:
 * - `unchanged`: the open PR already carries this fingerprint;
 * - `skipped_closed`: the PR was closed without merging (re-opened only with `force`);
 * - `skipped_merged`: the PR for this period is merged; the post is published (a new one only with `force`);
 * - `skipped_human_edits`: someone pushed to the branch; the pipeline never overwrites it.
 */
export type PublishOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'skipped_closed'
  | 'skipped_merged'
  | 'skipped_human_edits';

export interface PublishResult {
  outcome: PublishOutcome;
  branch: string;
  /** The PR number (or the local publisher's number), null when none exists. */
  number: number | null;
  /** Where a person reviews it: the PR's html_url, or `file://…` for the local publisher. */
  url: string | null;
  /** The head commit of the branch after the publish (the new commit on create/update). */
  commit_sha: string | null;
  draft: boolean;
  /** Write requests made (GitHub: POST/PATCH/PUT/DELETE); 0 when nothing changed. */
  writes: number;
}

export interface PublishOptions {
  /** Re-open a closed PR's period, or publish again over a merged one. Never overrides human edits. */
  force: boolean;
}

/**
 * Opens or updates the one pull request of a bundle's post type and period. Never merges, never
 * approves, never writes to the base branch. Idempotent: the same bundle twice writes nothing the
 * second time.
 */
export interface Publisher {
  readonly kind: 'github' | 'local-git' | 'none';
  publish(bundle: PostBundle, options: PublishOptions): Promise<PublishResult>;
}
