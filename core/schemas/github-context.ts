import { z } from 'zod';
import { HttpUrl, RepositoryName, Timestamp } from './common.ts';

/** Why and how strongly a piece of GitHub activity is linked to a clip. */
const MatchEvidence = {
  url: HttpUrl,
  repository: RepositoryName,
  occurred_at: Timestamp,
  /** Seconds from the end of the clip's content to the activity; negative when the activity came first. */
  offset_seconds: z.number(),
  confidence: z.number().min(0).max(1),
  /** One readable sentence, e.g. "pushed 3 min after the clip; both mention idempotency". */
  reason: z.string().min(1).max(500),
};

export const GitHubCommit = z.object({
  sha: z.string().regex(/^[0-9a-f]{7,40}$/, 'hex commit sha'),
  message: z.string().max(20_000),
  author_login: z.string().max(100).nullable().optional(),
  ...MatchEvidence,
});
export type GitHubCommit = z.infer<typeof GitHubCommit>;

export const GitHubPullRequest = z.object({
  number: z.number().int().positive(),
  title: z.string().max(1_000),
  state: z.enum(['open', 'closed', 'merged']),
  draft: z.boolean().optional(),
  /** The event that put it on the timeline: `opened`, `merged`, `closed`, ... */
  action: z.string().max(50),
  ...MatchEvidence,
});
export type GitHubPullRequest = z.infer<typeof GitHubPullRequest>;

export const GitHubIssue = z.object({
  number: z.number().int().positive(),
  title: z.string().max(1_000),
  state: z.enum(['open', 'closed']),
  action: z.string().max(50),
  ...MatchEvidence,
});
export type GitHubIssue = z.infer<typeof GitHubIssue>;

export const GitHubRelease = z.object({
  tag_name: z.string().min(1).max(255),
  name: z.string().max(1_000).nullable(),
  prerelease: z.boolean(),
  ...MatchEvidence,
});
export type GitHubRelease = z.infer<typeof GitHubRelease>;

/** The GitHub activity lined up with one clip. Empty lists are meaningful: nothing happened near it. */
export const GitHubContext = z.object({
  username: z.string().min(1).max(100),
  /** The wall-clock window that was searched around the clip. */
  window: z.object({ start: Timestamp, end: Timestamp }),
  repositories: z.array(RepositoryName),
  commits: z.array(GitHubCommit),
  pull_requests: z.array(GitHubPullRequest),
  issues: z.array(GitHubIssue),
  releases: z.array(GitHubRelease),
  matched_at: Timestamp,
});
export type GitHubContext = z.infer<typeof GitHubContext>;
