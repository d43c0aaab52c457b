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

/** At most this many nearby (time-only) candidates are kept per clip. */
export const MAX_NEARBY = 10;

/**
 * Activity that happened near the clip but is NOT linked to it: nothing beyond timing ties it to the
 * clip (no shared words, the repository and the PR/issue number not named), or the clip is off-topic
 * (gaming). Kept so a reviewer can see what was set aside; never cited in a post, never a card.
 */
export const NearbyActivity = z.object({
  kind: z.enum(['commit', 'pull_request', 'issue', 'release']),
  url: HttpUrl,
  repository: RepositoryName,
  occurred_at: Timestamp,
  /** Seconds from the end of the clip's content to the activity; negative when the activity came first. */
  offset_seconds: z.number(),
  /** Short plain text naming it: `a1b2c3d subject`, `#12 title`, `v1.4.0`. Untrusted: render as text. */
  label: z.string().min(1).max(200),
  /** Why it is only nearby, e.g. "pushed 2 min after the clip in o/r; linked by time only; not cited". */
  reason: z.string().min(1).max(500),
});
export type NearbyActivity = z.infer<typeof NearbyActivity>;

/**
 * The GitHub activity lined up with one clip. Empty lists are meaningful: nothing happened near it.
 * `commits`, `pull_requests`, `issues` and `releases` are the links, each earned by more than time;
 * `nearby` holds what was only close in time (absent on items matched before it existed).
 */
export const GitHubContext = z.object({
  username: z.string().min(1).max(100),
  /** The wall-clock window that was searched around the clip. */
  window: z.object({ start: Timestamp, end: Timestamp }),
  repositories: z.array(RepositoryName),
  commits: z.array(GitHubCommit),
  pull_requests: z.array(GitHubPullRequest),
  issues: z.array(GitHubIssue),
  releases: z.array(GitHubRelease),
  nearby: z.array(NearbyActivity).max(MAX_NEARBY).optional(),
  matched_at: Timestamp,
});
export type GitHubContext = z.infer<typeof GitHubContext>;
