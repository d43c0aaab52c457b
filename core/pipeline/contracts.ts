/**
 * Types shared by the halves of the pipeline: ingestion/transcription/orchestration on one side,
 * GitHub activity/matching/scoring on the other. Pure data, no behaviour.
 */
import type { GitHubCommit, GitHubIssue, GitHubPullRequest, GitHubRelease } from '../schemas/github-context.ts';

/** What is known about when a clip's content happened. Twitch gives the first two at once, the rest later. */
export interface ClipTiming {
  /** When the clip was made; its content ends roughly here. */
  clip_created_at: string;
  /** Seconds of content, ending near `clip_created_at`. */
  clip_duration: number;
  /** Seconds into the VOD where the clip starts; null while Twitch is still processing or without a VOD. */
  vod_offset: number | null;
  video_id: string | null;
  /** Start of the clip's VOD (its stream), when the VOD is known. */
  video_started_at: string | null;
}

/** A clip on the wall clock: `[start_ms, end_ms]` in UTC milliseconds. */
export interface PlacedClip {
  start_ms: number;
  end_ms: number;
  /** `vod_offset` when the VOD start and offset fixed it; `created_at` when estimated from creation time. */
  basis: 'vod_offset' | 'created_at';
}

type Evidence = 'offset_seconds' | 'confidence' | 'reason';

/**
 * One piece of the streamer's GitHub activity, resolved (commit messages via compare, PR titles via
 * pulls) and normalised, before it is matched to any clip. `id` is unique per kind: the SHA for a
 * commit, `<repo>#<number>:<action>` for PRs and issues, `<repo>@<tag>` for releases.
 */
export type GitHubActivity =
  | ({ kind: 'commit'; id: string } & Omit<GitHubCommit, Evidence>)
  | ({ kind: 'pull_request'; id: string } & Omit<GitHubPullRequest, Evidence>)
  | ({ kind: 'issue'; id: string } & Omit<GitHubIssue, Evidence>)
  | ({ kind: 'release'; id: string } & Omit<GitHubRelease, Evidence>);

/** Extra clip facts from Twitch that scoring and matching use but the ContentItem does not carry. */
export interface ClipDetails {
  game_id: string | null;
  /** The stream's language per Twitch metadata, not the spoken language. */
  broadcaster_language: string | null;
}
