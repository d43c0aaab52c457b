import type { GitHubActivity } from '../pipeline/contracts.ts';
import type { GitHubEvent, LegacyCommit } from './event.ts';
import type { ComparedCommit, PullDetails } from './resolved.ts';

/** What the compare and pulls endpoints added to an event; absent when nothing was fetched. */
export interface Resolution {
  /** Commits of a push, or `not_found` when compare answered 404 (a new branch, a force-push). */
  compare?: ComparedCommit[] | 'not_found';
  pull?: PullDetails;
}

export interface NormaliseOptions {
  /** Web (not API) root for links GitHub did not send, e.g. `https://github.com` or a GHES host. */
  webBaseUrl?: string;
}

const ZERO_SHA = /^0+$/;

/** Whether a push needs the compare endpoint: the trimmed shape has no commits, and a new branch cannot be compared. */
export function needsCompare(event: GitHubEvent): boolean {
  return event.type === 'push' && event.commits === null && !ZERO_SHA.test(event.before);
}

export function needsPull(event: GitHubEvent): boolean {
  return event.type === 'pull_request' && event.title === null;
}

/**
 * The activity one event contributes, in the shape the matcher reads. Pushes become their commits
 * (all stamped with the push time: that is when the work showed up on the timeline), pull requests,
 * issues and releases become one entry each; other event types contribute nothing.
 */
export function activityFromEvent(
  event: GitHubEvent,
  resolution: Resolution = {},
  options: NormaliseOptions = {},
): GitHubActivity[] {
  const web = (options.webBaseUrl ?? 'https://github.com').replace(/\/$/, '');
  const repoUrl = `${web}/${event.repository}`;
  const at = event.created_at;
  switch (event.type) {
    case 'push': {
      const commits = legacyCommits(event.commits) ?? (Array.isArray(resolution.compare) ? resolution.compare : null);
      if (commits) {
        return commits.map((commit) => ({
          kind: 'commit',
          id: commit.sha,
          sha: commit.sha,
          message: commit.message,
          author_login: commit.author_login,
          url: commit.html_url ?? `${repoUrl}/commit/${commit.sha}`,
          repository: event.repository,
          occurred_at: at,
        }));
      }
      // A new branch (or a compare 404): the head commit is known, its message is not yet.
      // Link to the branch's commit list, the one page that shows what was pushed.
      const branch = event.ref.replace(/^refs\/heads\//, '');
      return [
        {
          kind: 'commit',
          id: event.head,
          sha: event.head,
          message: '',
          author_login: event.actor || null,
          url: `${repoUrl}/commits/${branch.split('/').map(encodeURIComponent).join('/')}`,
          repository: event.repository,
          occurred_at: at,
        },
      ];
    }
    case 'pull_request': {
      const pull = resolution.pull;
      return [
        {
          kind: 'pull_request',
          id: `${event.repository}#${event.number}:${event.action}`,
          number: event.number,
          title: event.title ?? pull?.title ?? '',
          state: pullState(event.action, event.state ?? pull?.state ?? null),
          draft: event.draft ?? pull?.draft ?? false,
          action: event.action,
          url: event.html_url ?? pull?.html_url ?? `${repoUrl}/pull/${event.number}`,
          repository: event.repository,
          occurred_at: at,
        },
      ];
    }
    case 'issue': {
      const url = event.html_url ?? `${repoUrl}/${event.is_pull_request ? 'pull' : 'issues'}/${event.number}`;
      // An issue event on a pull request (e.g. a comment) is about the PR, so it links as one.
      const shared = {
        id: `${event.repository}#${event.number}:${event.action}`,
        number: event.number,
        title: event.title,
        state: event.state,
        action: event.action,
        url,
        repository: event.repository,
        occurred_at: at,
      };
      return [event.is_pull_request ? { kind: 'pull_request', ...shared } : { kind: 'issue', ...shared }];
    }
    case 'release': {
      // Drafts are invisible to readers; only a published release is something to link.
      if (event.draft) return [];
      return [
        {
          kind: 'release',
          id: `${event.repository}@${event.tag_name}`,
          tag_name: event.tag_name,
          name: event.name,
          prerelease: event.prerelease,
          url: event.html_url ?? `${repoUrl}/releases/tag/${encodeURIComponent(event.tag_name)}`,
          repository: event.repository,
          occurred_at: at,
        },
      ];
    }
    case 'other':
      return [];
  }
}

/** Legacy commits carry a name and e-mail, not a login, and an API (not web) URL. */
function legacyCommits(commits: LegacyCommit[] | null): ComparedCommit[] | null {
  return commits?.map((commit) => ({ ...commit, author_login: null, html_url: null })) ?? null;
}

/** The state the action implies at the moment it happened, not the pull request's state today. */
function pullState(action: string, current: 'open' | 'closed' | 'merged' | null): 'open' | 'closed' | 'merged' {
  if (action === 'merged') return 'merged';
  if (action === 'closed') return current === 'merged' ? 'merged' : 'closed';
  if (action === 'opened' || action === 'reopened') return 'open';
  return current ?? 'open';
}
