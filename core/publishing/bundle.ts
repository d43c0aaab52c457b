import type { ContentType } from '../schemas/post.ts';

/** One file of a post's pull request, path relative to the content repository's root. */
export interface BundleFile {
  /** `content/posts/<yyyy>/<slug>.md` or `content/items/<content_item_id>.json`. */
  path: string;
  content: string;
}

/**
 * Everything a publisher needs to open or update the one pull request of a post type and period.
 * Built by the pure generation code; publishers (GitHub, local git) only move it, never change it.
 */
export interface PostBundle {
  content_type: ContentType;
  period: { start: string; end: string };
  /** `daily_recap:2026-11-09` or `weekly_summary:2026-11-02..2026-11-08`: one PR and one Discord message per key. */
  subject_key: string;
  /** Deterministic head branch, e.g. `streamlog/daily-recap/2026-11-09`. */
  branch: string;
  /** PR title (plain text; already free of newlines). */
  title: string;
  /** PR body in GitHub markdown, ending with the hidden fingerprint marker; under 65,536 characters. */
  body: string;
  /** Commit message, ending with the `Streamlog-Fingerprint:` trailer. */
  commit_message: string;
  files: BundleFile[];
  /** sha-256 hex of the inputs (items, GitHub facts, generator version); equal inputs, equal fingerprint. */
  fingerprint: string;
  /** A post the judge did not pass is opened as a draft PR labelled for polish. */
  draft: boolean;
  labels: string[];
}

export const BRANCH_PREFIX = 'streamlog/';

/** One PR per post type and period: the branch is a pure function of both (`..` is not allowed in git refs). */
export function branchFor(type: ContentType, period: { start: string; end: string }): string {
  const kind = type.replaceAll('_', '-');
  return period.start === period.end
    ? `${BRANCH_PREFIX}${kind}/${period.start}`
    : `${BRANCH_PREFIX}${kind}/${period.start}_${period.end}`;
}

export function subjectKeyFor(type: ContentType, period: { start: string; end: string }): string {
  return period.start === period.end ? `${type}:${period.start}` : `${type}:${period.start}..${period.end}`;
}

const BODY_MARKER = /<!--\s*streamlog:fingerprint=([0-9a-f]{64})\s*-->/;
const TRAILER = /^Streamlog-Fingerprint: ([0-9a-f]{64})$/m;

/** The hidden line at the end of a PR body that lets a re-run see that nothing changed. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- streamlog:fingerprint=${fingerprint} -->`;
}

/** The fingerprint a PR body carries, or null (a human rewrote the body, or it is not ours). */
export function fingerprintInBody(body: string | null | undefined): string | null {
  return BODY_MARKER.exec(body ?? '')?.[1] ?? null;
}

/** The commit trailer that marks a commit as written by the pipeline. */
export function fingerprintTrailer(fingerprint: string): string {
  return `Streamlog-Fingerprint: ${fingerprint}`;
}

/**
 * The fingerprint a commit message carries, or null. A branch whose head commit has none was pushed
 * to by a person, and the pipeline leaves it alone.
 */
export function fingerprintInCommitMessage(message: string | null | undefined): string | null {
  return TRAILER.exec(message ?? '')?.[1] ?? null;
}
