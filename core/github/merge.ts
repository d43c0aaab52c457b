import type { GitHubActivity } from '../pipeline/contracts.ts';

/**
 * Activity deduplicated (commits by SHA, the rest by id) and sorted by time, never by event id:
 * GitHub's id sequences differ per event family. A commit seen in several pushes (a merge repeats the
 * feature branch) keeps its first appearance, the best message and the most specific link.
 */
export function mergeActivity(...lists: readonly (readonly GitHubActivity[])[]): GitHubActivity[] {
  const byKey = new Map<string, GitHubActivity>();
  for (const list of lists) {
    for (const entry of list) {
      const key = `${entry.kind}:${entry.kind === 'commit' ? entry.sha.toLowerCase() : entry.id}`;
      const seen = byKey.get(key);
      byKey.set(key, seen ? combine(seen, entry) : entry);
    }
  }
  // Parse each time once, not on every comparison.
  return [...byKey.values()]
    .map((entry) => ({ entry, ms: Date.parse(entry.occurred_at) }))
    .sort((a, b) => a.ms - b.ms || tieBreak(a.entry, b.entry))
    .map(({ entry }) => entry);
}

/** Time order with a stable tie-break, so equal inputs always give byte-equal outputs. */
export function compareActivity(a: GitHubActivity, b: GitHubActivity): number {
  return Date.parse(a.occurred_at) - Date.parse(b.occurred_at) || tieBreak(a, b);
}

function tieBreak(a: GitHubActivity, b: GitHubActivity): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function combine(a: GitHubActivity, b: GitHubActivity): GitHubActivity {
  const [first, later] = Date.parse(b.occurred_at) < Date.parse(a.occurred_at) ? [b, a] : [a, b];
  if (first.kind === 'commit' && later.kind === 'commit') {
    return {
      ...first,
      message: first.message || later.message,
      author_login: first.author_login ?? later.author_login ?? null,
      url: first.url.includes('/commits/') && later.url.includes('/commit/') ? later.url : first.url,
    };
  }
  if (first.kind === 'pull_request' && later.kind === 'pull_request' && !first.title && later.title) {
    return { ...first, title: later.title };
  }
  return first;
}
