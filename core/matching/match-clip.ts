import type { GitHubActivity, PlacedClip } from '../pipeline/contracts.ts';
import {
  type GitHubCommit,
  type GitHubContext,
  type GitHubIssue,
  type GitHubPullRequest,
  type GitHubRelease,
  MAX_NEARBY,
  type NearbyActivity,
} from '../schemas/github-context.ts';
import { byDistance, nearbyLabel } from './nearby.ts';
import { reasonFor } from './reason.ts';
import { clamp01, timeScore } from './time-score.ts';
import { countShared, repositoryTokens, sharedTokens, tokens } from './tokens.ts';

export interface MatchOptions {
  username: string;
  /** When the match is made (ISO); passed in so the core stays free of clocks. */
  now: string;
  /** How far before the clip's start activity is considered (default 20 min). */
  beforeMs?: number;
  /** How far after the clip's end (default 20 min). */
  afterMs?: number;
  /** Activity up to this long after the clip counts as "right after it" (default 6 min). */
  settleMs?: number;
  /** Links below this confidence are dropped (default 0.45). */
  minConfidence?: number;
  /** At most this many nearest activities are weighed per clip, so dense days stay linear (default 64). */
  maxCandidates?: number;
  /** At most this many links of each kind (default 10). */
  maxLinksPerKind?: number;
  /** At most this many nearby, unlinked activities, nearest first (default and maximum 10). */
  maxNearby?: number;
}

/**
 * Weights of the three signals in a link's confidence. Time says how close, but never links on its
 * own: only a candidate with evidence (a shared word or `#n` reference, or the repository named) is
 * weighed at all; the rest is `nearby`.
 */
const WEIGHTS = { time: 0.6, text: 0.25, repository: 0.15 } as const;
/** Shared tokens at which text overlap counts as certain. */
const TEXT_SATURATION = 3;

interface Prepared {
  ms: number;
  tokens: Set<string>;
}

// Activity objects are reused across the clips of a day; tokenising each once keeps matching linear.
const prepared = new WeakMap<GitHubActivity, Prepared>();

function prepare(activity: GitHubActivity): Prepared {
  let entry = prepared.get(activity);
  if (!entry) {
    const words = tokens(activityText(activity));
    // A pull request or issue is named by its number even where its title is not quoted.
    if (activity.kind === 'pull_request' || activity.kind === 'issue') words.add(`#${activity.number}`);
    entry = { ms: Date.parse(activity.occurred_at), tokens: words };
    prepared.set(activity, entry);
  }
  return entry;
}

function activityText(activity: GitHubActivity): string {
  switch (activity.kind) {
    case 'commit':
      // Trailers name people, not topics. The branch of a new-branch push (a placeholder without a
      // message, linked to `…/commits/<branch>`) is what its author wrote about it.
      return `${activity.message.replace(/^[\w-]+-by:.*$/gim, '')}\n${branchOf(activity.url)}`;
    case 'pull_request':
    case 'issue':
      return activity.title;
    case 'release':
      return `${activity.tag_name} ${activity.name ?? ''}`;
  }
}

/** `feat/connect-payouts` from `https://github.com/o/r/commits/feat/connect-payouts`; '' otherwise. */
function branchOf(url: string): string {
  const match = /^https:\/\/[^/]+\/[^/]+\/[^/]+\/commits\/([^?#]+)$/.exec(url);
  if (!match?.[1]) return '';
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return '';
  }
}

/** First index whose activity happened at or after `ms`. */
function lowerBound(activity: readonly GitHubActivity[], ms: number): number {
  let low = 0;
  let high = activity.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const entry = activity[mid];
    if (entry !== undefined && prepare(entry).ms < ms) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The nearest activities inside `[from, to]`, found by binary search and a two-pointer walk outward
 * from the clip, so each clip costs O(log E + maxCandidates) however many events the day has.
 */
function candidates(
  activity: readonly GitHubActivity[],
  clip: PlacedClip,
  from: number,
  to: number,
  limit: number,
): GitHubActivity[] {
  const out: GitHubActivity[] = [];
  let right = lowerBound(activity, clip.start_ms);
  let left = right - 1;
  const distance = (ms: number) => (ms < clip.start_ms ? clip.start_ms - ms : ms > clip.end_ms ? ms - clip.end_ms : 0);
  while (out.length < limit) {
    const l = activity[left];
    const r = activity[right];
    const lOk = l !== undefined && prepare(l).ms >= from;
    const rOk = r !== undefined && prepare(r).ms <= to;
    if (!lOk && !rOk) break;
    if (lOk && (!rOk || distance(prepare(l).ms) <= distance(prepare(r as GitHubActivity).ms))) {
      out.push(l);
      left -= 1;
    } else if (r !== undefined) {
      out.push(r);
      right += 1;
    }
  }
  return out;
}

/**
 * One candidate in the window. `confidence` is 0 for a time-only candidate; `linked` says whether it
 * earned a link. Reasons are written only for what is kept (`explain`), not for every candidate.
 */
type Scored = {
  activity: GitHubActivity;
  offsetMs: number;
  confidence: number;
  shared: number;
  named: boolean;
  linked: boolean;
};

/**
 * Links one placed clip to the streamer's activity (sorted by time, as `mergeActivity` returns it).
 * A link needs evidence beyond time: a word or `#n` reference shared by the clip (title and
 * transcript) and the activity's text, or the clip naming the activity's repository. Linked activity
 * carries a confidence in 0–1 (time distance, text overlap, repository affinity) and a one-sentence
 * reason. Activity in the window without evidence, or too weak to link, goes to `nearby`: shown to a
 * reviewer, never cited. The result depends only on the inputs: same clip, same activity, same context.
 */
export function matchClip(
  clip: PlacedClip,
  texts: { title: string; transcript: string },
  activity: readonly GitHubActivity[],
  options: MatchOptions,
): GitHubContext {
  const beforeMs = options.beforeMs ?? 20 * 60_000;
  const afterMs = options.afterMs ?? 20 * 60_000;
  const settleMs = options.settleMs ?? 6 * 60_000;
  const minConfidence = options.minConfidence ?? 0.45;
  const maxLinks = options.maxLinksPerKind ?? 10;
  const maxNearby = Math.min(MAX_NEARBY, options.maxNearby ?? MAX_NEARBY);
  const from = clip.start_ms - beforeMs;
  const to = clip.end_ms + afterMs;
  const durationMs = clip.end_ms - clip.start_ms;

  const inWindow = candidates(activity, clip, from, to, options.maxCandidates ?? 64);
  const clipTokens = tokens(`${texts.title}\n${texts.transcript}`);

  // Repository affinity: named in the clip, sharing the most words with it, or simply nearest in time.
  const overlapByRepo = new Map<string, number>();
  let nearestRepo: string | null = null;
  let nearestDistance = Number.POSITIVE_INFINITY;
  const sharedByEntry = new Map<GitHubActivity, number>();
  for (const entry of inWindow) {
    const { ms, tokens: words } = prepare(entry);
    const shared = countShared(clipTokens, words);
    sharedByEntry.set(entry, shared);
    overlapByRepo.set(entry.repository, (overlapByRepo.get(entry.repository) ?? 0) + shared);
    const d = Math.abs(ms - clip.end_ms);
    if (d < nearestDistance || (d === nearestDistance && entry.repository < (nearestRepo ?? ''))) {
      nearestDistance = d;
      nearestRepo = entry.repository;
    }
  }
  const textRepo = [...overlapByRepo.entries()]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];

  const scored: Scored[] = [];
  const unlinked: Scored[] = [];
  for (const entry of inWindow) {
    const { ms } = prepare(entry);
    const offsetMs = ms - clip.end_ms;
    const time = timeScore(offsetMs, durationMs, { beforeMs, afterMs, settleMs });
    if (time <= 0) continue;
    const shared = sharedByEntry.get(entry) ?? 0;
    const named = countShared(clipTokens, repositoryTokens(entry.repository)) > 0;
    if (shared === 0 && !named) {
      // Close in time and nothing else: a reviewer may look, a post may not cite it.
      unlinked.push({ activity: entry, offsetMs, confidence: 0, shared, named, linked: false });
      continue;
    }
    const text = clamp01(shared / TEXT_SATURATION);
    const repository = named ? 1 : entry.repository === textRepo ? 0.7 : entry.repository === nearestRepo ? 0.5 : 0;
    const confidence = round2(WEIGHTS.time * time + WEIGHTS.text * text + WEIGHTS.repository * repository);
    (confidence < minConfidence ? unlinked : scored).push({
      activity: entry,
      offsetMs,
      confidence,
      shared,
      named,
      linked: confidence >= minConfidence,
    });
  }

  const explain = (s: Scored): string => {
    const words = s.shared > 0 ? sharedTokens(clipTokens, prepare(s.activity).tokens) : [];
    const reason = reasonFor(s.activity, s.offsetMs, durationMs, words, s.named);
    if (s.linked) return reason;
    // Evidence, but too far from the clip in time to be sure; or nothing but time ("linked by time only").
    const weak =
      s.shared > 0 || s.named ? `; too far from the clip to link (confidence ${s.confidence.toFixed(2)})` : '';
    return `${reason}${weak}; not cited`;
  };
  return buildContext(scored, unlinked, explain, { from, to, maxLinks, maxNearby }, options);
}

/** The link each kind of activity becomes in a GitHubContext. */
interface LinkOfKind {
  commit: GitHubCommit;
  pull_request: GitHubPullRequest;
  issue: GitHubIssue;
  release: GitHubRelease;
}

function buildContext(
  scored: Scored[],
  unlinked: Scored[],
  explain: (s: Scored) => string,
  limits: { from: number; to: number; maxLinks: number; maxNearby: number },
  options: MatchOptions,
): GitHubContext {
  const { from, to, maxLinks, maxNearby } = limits;
  const ranked = (kind: GitHubActivity['kind']) =>
    scored
      .filter((s) => s.activity.kind === kind)
      .sort((a, b) => b.confidence - a.confidence || Math.abs(a.offsetMs) - Math.abs(b.offsetMs))
      .slice(0, maxLinks)
      .sort((a, b) => a.offsetMs - b.offsetMs || (a.activity.id < b.activity.id ? -1 : 1));
  const evidence = (s: Scored) => ({
    offset_seconds: Math.round(s.offsetMs / 1000),
    confidence: s.confidence,
    reason: explain(s),
  });
  // The activity's own facts (without the matcher's kind and id) plus the evidence for this clip;
  // ranked(kind) holds only activities of that kind, which is what the cast says.
  const links = <K extends keyof LinkOfKind>(kind: K): LinkOfKind[K][] =>
    ranked(kind).map((s) => {
      const { kind: _kind, id: _id, ...facts } = s.activity;
      return { ...facts, ...evidence(s) } as LinkOfKind[K];
    });
  const commits: GitHubCommit[] = links('commit');
  const pullRequests: GitHubPullRequest[] = links('pull_request');
  const issues: GitHubIssue[] = links('issue');
  const releases: GitHubRelease[] = links('release');
  const repositories = [
    ...new Set([...commits, ...pullRequests, ...issues, ...releases].map((link) => link.repository)),
  ].sort();
  const nearby: NearbyActivity[] = unlinked
    .map((s) => ({ s, key: { offset_seconds: Math.round(s.offsetMs / 1000), url: s.activity.url } }))
    .sort((a, b) => byDistance(a.key, b.key))
    .slice(0, maxNearby)
    .map(({ s, key }) => ({
      kind: s.activity.kind,
      url: s.activity.url,
      repository: s.activity.repository,
      occurred_at: s.activity.occurred_at,
      offset_seconds: key.offset_seconds,
      label: nearbyLabel(s.activity),
      reason: explain(s),
    }));
  return {
    username: options.username,
    window: { start: iso(from), end: iso(to) },
    repositories,
    commits,
    pull_requests: pullRequests,
    issues,
    releases,
    nearby,
    matched_at: options.now,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function round2(value: number): number {
  return Math.round(clamp01(value) * 100) / 100;
}
