/**
 * The wire shapes of the fake GitHub's repository model (github-repo-model.ts) that tests in
 * workerd read and send: plain types and constants, no Node APIs, so Worker tests can import them.
 */

/** The content repository of the fake GitHub: the one repository PR writes go to in tests. */
export const CONTENT_OWNER = 'codewithmara';
export const CONTENT_REPO = 'streamlog-blog';
export const CONTENT_BASE = 'main';

/** Answer the request as usual, then replace the answer: the write happened, the client hears a failure. */
export interface AfterFault {
  method: string;
  /** API path without the test base path, e.g. `/repos/codewithmara/streamlog-blog/pulls`. */
  path: string;
  status: number;
  body?: unknown;
  delay_ms?: number;
  times?: number;
  /** Names the fault in `RepoState.pending_faults`. */
  label?: string;
}

/** What a test reads back through `GET <base>/__github/state`. */
export interface RepoState {
  base: string;
  base_sha: string;
  branches: Record<
    string,
    {
      sha: string;
      message: string;
      parents: string[];
      ahead_by: number;
      behind_by: number;
      files: Record<string, string>;
    }
  >;
  pulls: Record<string, unknown>[];
  /** Writes the pipeline must never make (base branch, merges, reviews, retargeting); tests expect none. */
  violations: string[];
  tokens_issued: number;
  commits: number;
  trees: number;
  /** Labels of the after-the-write faults not used yet (unlabelled ones as `''`). */
  pending_faults: string[];
}
