import type { GitHubContext } from '../../core/schemas/github-context.ts';
import { firstLine, shortSha } from './format.ts';

/** One piece of GitHub activity as a clip card shows it. All text is untrusted and rendered as text. */
export interface GitHubLink {
  kind: 'commit' | 'pull_request' | 'issue' | 'release';
  /** What happened, e.g. `Commit`, `Pull request opened`, `Issue commented`. */
  what: string;
  url: string;
  label: string;
  repository: string;
  occurred_at: string;
  offset_seconds: number;
  confidence: number;
  reason: string;
}

/**
 * Every linked commit, pull request, issue and release, in the order they happened. `nearby`
 * (activity only close in time, or next to an off-topic clip) is left out on purpose: it is for
 * reviewers, never a card on the blog.
 */
export function githubLinks(context: GitHubContext): GitHubLink[] {
  const links: GitHubLink[] = [
    ...context.commits.map((c) => ({
      ...evidence(c),
      kind: 'commit' as const,
      what: 'Commit',
      label: `${shortSha(c.sha)} ${firstLine(c.message)}`.trim(),
    })),
    ...context.pull_requests.map((pr) => ({
      ...evidence(pr),
      kind: 'pull_request' as const,
      what: `Pull request ${pr.action}`,
      label: `#${pr.number} ${pr.title}`.trim(),
    })),
    ...context.issues.map((issue) => ({
      ...evidence(issue),
      kind: 'issue' as const,
      what: `Issue ${issue.action}`,
      label: `#${issue.number} ${issue.title}`.trim(),
    })),
    ...context.releases.map((release) => ({
      ...evidence(release),
      kind: 'release' as const,
      what: release.prerelease ? 'Pre-release' : 'Release',
      label: release.name?.trim() || release.tag_name,
    })),
  ];
  return links.sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at));
}

type Evidence = Pick<GitHubLink, 'url' | 'repository' | 'occurred_at' | 'offset_seconds' | 'confidence' | 'reason'>;

function evidence(e: Evidence): Evidence {
  return {
    url: e.url,
    repository: e.repository,
    occurred_at: e.occurred_at,
    offset_seconds: e.offset_seconds,
    confidence: e.confidence,
    reason: e.reason,
  };
}
