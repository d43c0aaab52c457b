import type { GitHubContext, NearbyActivity } from '../schemas/github-context.ts';
import { MAX_NEARBY } from '../schemas/github-context.ts';

/** What a nearby entry is named by: the fields a commit, pull request, issue or release carries. */
type Named =
  | { kind: 'commit'; sha: string; message: string }
  | { kind: 'pull_request' | 'issue'; number: number; title: string }
  | { kind: 'release'; tag_name: string };

const LABEL_MAX = 200;

/** `a1b2c3d subject`, `#12 title`, `v1.4.0`: one short line of plain text, never markup-aware. */
export function nearbyLabel(entry: Named): string {
  const text = (() => {
    switch (entry.kind) {
      case 'commit':
        return `${entry.sha.slice(0, 7)} ${entry.message.split(/\r?\n/)[0] ?? ''}`;
      case 'pull_request':
      case 'issue':
        return `#${entry.number} ${entry.title}`;
      case 'release':
        return entry.tag_name;
    }
  })()
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= LABEL_MAX ? text : `${text.slice(0, LABEL_MAX - 1).trimEnd()}…`;
}

/** Nearest first (by distance from the clip's end), then earlier first, then by URL: a stable order. */
export function byDistance(
  a: Pick<NearbyActivity, 'offset_seconds' | 'url'>,
  b: Pick<NearbyActivity, 'offset_seconds' | 'url'>,
): number {
  return (
    Math.abs(a.offset_seconds) - Math.abs(b.offset_seconds) ||
    a.offset_seconds - b.offset_seconds ||
    (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)
  );
}

/** How many links (earned, citable) a context holds; `nearby` never counts. */
export function linkCount(context: GitHubContext | undefined | null): number {
  return context
    ? context.commits.length + context.pull_requests.length + context.issues.length + context.releases.length
    : 0;
}

/**
 * Moves every link of a context to `nearby`, each reason extended with `why` and "not cited": for a
 * clip that is off-topic (a game), where nothing on GitHub can be about what it shows. The nearest
 * `MAX_NEARBY` are kept.
 */
export function setAsideLinks(context: GitHubContext, why: string): GitHubContext {
  const aside = (
    entry: Named & { url: string; repository: string; occurred_at: string; offset_seconds: number; reason: string },
  ): NearbyActivity => ({
    kind: entry.kind,
    label: nearbyLabel(entry),
    url: entry.url,
    repository: entry.repository,
    occurred_at: entry.occurred_at,
    offset_seconds: entry.offset_seconds,
    reason: `${entry.reason}; ${why}; not cited`.slice(0, 500),
  });
  const moved = [
    ...context.commits.map((c) => aside({ ...c, kind: 'commit' })),
    ...context.pull_requests.map((p) => aside({ ...p, kind: 'pull_request' })),
    ...context.issues.map((i) => aside({ ...i, kind: 'issue' })),
    ...context.releases.map((r) => aside({ ...r, kind: 'release' })),
  ];
  return {
    ...context,
    repositories: [],
    commits: [],
    pull_requests: [],
    issues: [],
    releases: [],
    nearby: [...moved, ...(context.nearby ?? [])].sort(byDistance).slice(0, MAX_NEARBY),
  };
}
