import { isStreamlogError } from '../../../core/errors.ts';
import { type GitHubEvent, parseEventPage } from '../../../core/github/event.ts';
import { activityFromEvent, needsCompare, needsPull, type Resolution } from '../../../core/github/normalise.ts';
import { isOwnRepository } from '../../../core/github/ownership.ts';
import { parseCompare, parsePull } from '../../../core/github/resolved.ts';
import type { EventRecord } from '../../../store/github/activity-store.ts';
import { reenhanceAffected } from '../enhance/reenhance.ts';
import type { PipelineDeps, TimeWindow } from '../ports.ts';

export type SyncDeps = Pick<
  PipelineDeps,
  'config' | 'clock' | 'githubActivity' | 'items' | 'clipDetails' | 'artifacts' | 'activity' | 'log'
>;

export interface SyncSummary {
  /** Events GitHub returned, across pages, repeats included. */
  fetched: number;
  /** Events in the window, in the streamer's own repositories. */
  kept: number;
  /** Events in other people's repositories (a star, a fork), ignored. */
  foreign: number;
  /** Events that could not be read; they never sink the page. */
  rejected: number;
  /** Events whose compare/pulls lookup failed transiently; the next sync resolves them. */
  unresolved: number;
  /** Activity (commits, pull requests, issues, releases) that is new or changed in D1. */
  changed: number;
  /** Items re-matched because the new activity falls in their window. */
  reenhanced: string[];
  raw_r2_keys: string[];
  /** Paging stopped before reaching back to the window start (API limits). */
  truncated: boolean;
}

/**
 * Fetches the streamer's GitHub events for `[startMs, endMs)`, resolves pushes (compare) and pull
 * requests (pulls) that the trimmed Events API leaves bare, stores them in D1 (idempotent: commits
 * by SHA, events by id) with the raw pages in R2, and re-enhances items the new activity touches.
 */
export async function syncGitHubActivity(deps: SyncDeps, window: TimeWindow): Promise<SyncSummary> {
  const summary: SyncSummary = {
    fetched: 0,
    kept: 0,
    foreign: 0,
    rejected: 0,
    unresolved: 0,
    changed: 0,
    reenhanced: [],
    raw_r2_keys: [],
    truncated: false,
  };
  const username = deps.config.githubUsername;
  if (username === null) {
    deps.log.info('github sync skipped: no GITHUB_USERNAME', {});
    return summary;
  }
  const listed = await deps.activity.listEvents(username, window.startMs);
  summary.truncated = listed.truncated;

  // Pages can repeat an event when new ones push it across a page boundary: keep one per id.
  const byId = new Map<string, { event: GitHubEvent; rawKey: string }>();
  for (const page of listed.pages) {
    const stored = await deps.artifacts.put('github-events', JSON.stringify(page.body));
    summary.raw_r2_keys.push(stored.key);
    const { events, rejected } = parseEventPage(page.body);
    summary.fetched += events.length + rejected;
    summary.rejected += rejected;
    for (const event of events) {
      const at = Date.parse(event.created_at);
      if (at < window.startMs || at >= window.endMs) continue;
      if (!isOwnRepository(event.repository, { username })) {
        summary.foreign += 1;
        continue;
      }
      if (!byId.has(event.id)) byId.set(event.id, { event, rawKey: stored.key });
    }
  }
  summary.kept = byId.size;

  const store = deps.githubActivity;
  const known = await store.resolvedEventIds([...byId.keys()]);
  const records: EventRecord[] = [];
  for (const { event, rawKey } of byId.values()) {
    if (known.has(event.id)) continue;
    const { resolution, resolved } = await resolve(deps, event);
    if (!resolved) summary.unresolved += 1;
    records.push({
      event_id: event.id,
      event_type: event.type === 'other' ? event.event_type : event.type,
      repository: event.repository,
      actor: event.actor,
      occurred_at: event.created_at,
      activity: activityFromEvent(event, resolution),
      resolved,
      raw_r2_key: rawKey,
    });
  }
  const changed = await store.record(records, deps.clock.now().getTime());
  summary.changed = changed.length;
  summary.reenhanced = await reenhanceAffected(deps, changed);
  deps.log.info('github activity synced', {
    fetched: summary.fetched,
    kept: summary.kept,
    foreign: summary.foreign,
    rejected: summary.rejected,
    unresolved: summary.unresolved,
    changed: summary.changed,
    reenhanced: summary.reenhanced.length,
  });
  return summary;
}

/**
 * Compare for a bare push, pulls for a bare pull request. A transient failure leaves the event
 * unresolved (stored with what the event itself says) rather than failing the whole sync; a
 * configuration error (bad token) or a rate limit stops the sync, since every other call would
 * fail the same way.
 */
async function resolve(deps: SyncDeps, event: GitHubEvent): Promise<{ resolution: Resolution; resolved: boolean }> {
  try {
    if (event.type === 'push' && needsCompare(event)) {
      const body = await deps.activity.compare(event.repository, event.before, event.head);
      const commits = body === null ? 'not_found' : parseCompare(body);
      return { resolution: { compare: commits ?? 'not_found' }, resolved: true };
    }
    if (event.type === 'pull_request' && needsPull(event)) {
      const body = await deps.activity.pullRequest(event.repository, event.number);
      const pull = body === null ? null : parsePull(body);
      return { resolution: pull ? { pull } : {}, resolved: true };
    }
    return { resolution: {}, resolved: true };
  } catch (error) {
    if (isStreamlogError(error, 'upstream_unavailable') || isStreamlogError(error, 'upstream_timeout')) {
      deps.log.warn('github event left unresolved', { event_id: event.id, type: event.type, code: error.code });
      return { resolution: {}, resolved: false };
    }
    throw error;
  }
}
