import { z } from 'zod';

/**
 * One GitHub Events API event, parsed permissively: only the fields the pipeline reads, in both the
 * trimmed shape github.com sends since 2025-10-07 and the legacy (GHES, pre-2025) full shape.
 * Event bodies, comment texts and issue bodies are never kept: they are untrusted and unused.
 */
export type GitHubEvent =
  | (EventBase & PushPayload)
  | (EventBase & PullRequestPayload)
  | (EventBase & IssuePayload)
  | (EventBase & ReleasePayload)
  | (EventBase & { type: 'other'; event_type: string });

export interface EventBase {
  id: string;
  repository: string;
  actor: string;
  created_at: string;
}

export interface LegacyCommit {
  sha: string;
  message: string;
}

export interface PushPayload {
  type: 'push';
  ref: string;
  head: string;
  before: string;
  /** Only in the legacy shape; the trimmed shape needs the compare endpoint. */
  commits: LegacyCommit[] | null;
}

export interface PullRequestPayload {
  type: 'pull_request';
  /** `merged` for the trimmed shape's merge event and for a legacy `closed` + `merged: true`. */
  action: string;
  number: number;
  /** Null in the trimmed shape: resolve through the pulls endpoint. */
  title: string | null;
  state: 'open' | 'closed' | 'merged' | null;
  draft: boolean | null;
  html_url: string | null;
}

export interface IssuePayload {
  type: 'issue';
  /** `opened`, `closed`, ... or `commented` for an IssueCommentEvent. */
  action: string;
  number: number;
  title: string;
  state: 'open' | 'closed';
  html_url: string | null;
  /** An issue comment on a pull request arrives as an issue with `pull_request` set. */
  is_pull_request: boolean;
}

export interface ReleasePayload {
  type: 'release';
  action: string;
  tag_name: string;
  name: string | null;
  prerelease: boolean;
  draft: boolean;
  html_url: string | null;
}

const Base = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  type: z.string().min(1),
  actor: z.object({ login: z.string() }).optional(),
  repo: z.object({ name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) }),
  created_at: z.iso.datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()).default({}),
});

const Sha = z.string().regex(/^[0-9a-f]{7,40}$/);
const Url = z.url({ protocol: /^https?$/ });

const Push = z.object({
  ref: z.string().default(''),
  head: Sha,
  before: Sha,
  commits: z
    .array(z.object({ sha: Sha, message: z.string().default('') }))
    .nullable()
    .optional(),
});

const PullRequest = z.object({
  action: z.string().min(1),
  number: z.number().int().positive(),
  pull_request: z
    .object({
      title: z.string().optional(),
      html_url: Url.optional(),
      state: z.enum(['open', 'closed']).optional(),
      merged: z.boolean().nullable().optional(),
      draft: z.boolean().nullable().optional(),
    })
    .default({}),
});

const IssueLike = z.object({
  action: z.string().min(1),
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    html_url: Url.optional(),
    pull_request: z.unknown().optional(),
  }),
});

const Release = z.object({
  action: z.string().min(1),
  release: z.object({
    tag_name: z.string().min(1),
    name: z.string().nullable().optional(),
    prerelease: z.boolean().default(false),
    draft: z.boolean().default(false),
    html_url: Url.optional(),
  }),
});

/** Parses one event; null when it is not an event at all or a field the pipeline needs is malformed. */
export function parseEvent(raw: unknown): GitHubEvent | null {
  const base = Base.safeParse(raw);
  if (!base.success) return null;
  const { id, type, actor, repo, created_at, payload } = base.data;
  const common: EventBase = { id, repository: repo.name, actor: actor?.login ?? '', created_at };
  switch (type) {
    case 'PushEvent': {
      const push = Push.safeParse(payload);
      if (!push.success) return null;
      const { ref, head, before, commits } = push.data;
      return { ...common, type: 'push', ref, head, before, commits: commits ?? null };
    }
    case 'PullRequestEvent': {
      const parsed = PullRequest.safeParse(payload);
      if (!parsed.success) return null;
      const { action, number, pull_request: pr } = parsed.data;
      // Legacy and GHES payloads say `closed` with `merged: true`; the trimmed shape says `merged`.
      const merged = action === 'merged' || (action === 'closed' && pr.merged === true);
      return {
        ...common,
        type: 'pull_request',
        action: merged ? 'merged' : action,
        number,
        title: pr.title ?? null,
        state: merged ? 'merged' : (pr.state ?? null),
        draft: pr.draft ?? null,
        html_url: pr.html_url ?? null,
      };
    }
    case 'IssuesEvent':
    case 'IssueCommentEvent': {
      const parsed = IssueLike.safeParse(payload);
      if (!parsed.success) return null;
      const { action, issue } = parsed.data;
      return {
        ...common,
        type: 'issue',
        action: type === 'IssueCommentEvent' ? 'commented' : action,
        number: issue.number,
        title: issue.title,
        state: issue.state,
        html_url: issue.html_url ?? null,
        is_pull_request: issue.pull_request !== undefined && issue.pull_request !== null,
      };
    }
    case 'ReleaseEvent': {
      const parsed = Release.safeParse(payload);
      if (!parsed.success) return null;
      const { action, release } = parsed.data;
      return {
        ...common,
        type: 'release',
        action,
        tag_name: release.tag_name,
        name: release.name ?? null,
        prerelease: release.prerelease,
        draft: release.draft,
        html_url: release.html_url ?? null,
      };
    }
    default:
      return { ...common, type: 'other', event_type: type };
  }
}

/** Parses a page of events; one malformed event is counted and skipped, never fatal. */
export function parseEventPage(raw: unknown): { events: GitHubEvent[]; rejected: number } {
  if (!Array.isArray(raw)) return { events: [], rejected: 1 };
  const events: GitHubEvent[] = [];
  let rejected = 0;
  for (const item of raw) {
    const event = parseEvent(item);
    if (event) events.push(event);
    else rejected += 1;
  }
  return { events, rejected };
}
