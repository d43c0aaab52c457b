import { z } from 'zod';
import type { GitHubActivity } from '../pipeline/contracts.ts';

/**
 * Activity from a webhook delivery. Webhook payloads were not trimmed in 2025, so a push carries its
 * commits and a pull request its title: nothing needs resolving. Unknown or irrelevant events
 * (`ping`, a branch deletion) give no activity.
 */
export interface WebhookActivity {
  repository: string;
  activity: GitHubActivity[];
}

const Url = z.url({ protocol: /^https?$/ });
const Sha = z.string().regex(/^[0-9a-f]{7,40}$/);
/** Push webhooks send some repository dates as Unix seconds, other webhooks as ISO strings. */
const WhenEver = z.union([z.number(), z.string()]).transform((value) => {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Number.isFinite(ms) ? isoSeconds(ms) : null;
});
const Iso = z.iso.datetime({ offset: true });
const Repository = z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/), pushed_at: WhenEver.nullish() });

const Push = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean().default(false),
  repository: Repository,
  sender: z.object({ login: z.string() }).optional(),
  head_commit: z.object({ timestamp: Iso }).nullish(),
  commits: z
    .array(
      z.object({
        id: Sha,
        message: z.string().default(''),
        url: Url.optional(),
        author: z.object({ username: z.string().optional() }).optional(),
      }),
    )
    .default([]),
});

const PullRequest = z.object({
  action: z.string().min(1),
  repository: Repository,
  pull_request: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    merged: z.boolean().nullish(),
    draft: z.boolean().nullish(),
    html_url: Url.optional(),
    created_at: Iso,
    updated_at: Iso.nullish(),
    closed_at: Iso.nullish(),
    merged_at: Iso.nullish(),
  }),
});

const Issues = z.object({
  action: z.string().min(1),
  repository: Repository,
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    html_url: Url.optional(),
    created_at: Iso,
    updated_at: Iso.nullish(),
    closed_at: Iso.nullish(),
  }),
});

const Release = z.object({
  action: z.string().min(1),
  repository: Repository,
  release: z.object({
    tag_name: z.string().min(1),
    name: z.string().nullish(),
    prerelease: z.boolean().default(false),
    draft: z.boolean().default(false),
    html_url: Url.optional(),
    created_at: Iso,
    published_at: Iso.nullish(),
  }),
});

/** UTC ISO form as the Events API writes it (no milliseconds unless there are some). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Null when the event is not one the pipeline reads or the payload is malformed. */
export function activityFromWebhook(event: string, payload: unknown, receivedAt: string): WebhookActivity | null {
  switch (event) {
    case 'push':
      return push(payload, receivedAt);
    case 'pull_request':
      return pullRequest(payload);
    case 'issues':
      return issues(payload);
    case 'release':
      return release(payload);
    default:
      return null;
  }
}

function push(payload: unknown, receivedAt: string): WebhookActivity | null {
  const parsed = Push.safeParse(payload);
  if (!parsed.success) return null;
  const { repository, commits, deleted, head_commit, sender } = parsed.data;
  if (deleted) return { repository: repository.full_name, activity: [] };
  // The push time is `repository.pushed_at`; without it the head commit's time is the best estimate.
  const at = repository.pushed_at ?? head_commit?.timestamp ?? receivedAt;
  const occurredAt = isoSeconds(Date.parse(at));
  return {
    repository: repository.full_name,
    activity: commits.map((commit) => ({
      kind: 'commit',
      id: commit.id,
      sha: commit.id,
      message: commit.message,
      author_login: commit.author?.username ?? sender?.login ?? null,
      url: commit.url ?? `https://github.com/${repository.full_name}/commit/${commit.id}`,
      repository: repository.full_name,
      occurred_at: occurredAt,
    })),
  };
}

function pullRequest(payload: unknown): WebhookActivity | null {
  const parsed = PullRequest.safeParse(payload);
  if (!parsed.success) return null;
  const { action, repository, pull_request: pr } = parsed.data;
  // Webhooks have no `merged` action; the Events API does. One name keeps ids equal across sources.
  const merged = action === 'closed' && pr.merged === true;
  const name = merged ? 'merged' : action;
  const occurredAt =
    (merged
      ? pr.merged_at
      : action === 'closed'
        ? pr.closed_at
        : action === 'opened'
          ? pr.created_at
          : pr.updated_at) ?? pr.created_at;
  return {
    repository: repository.full_name,
    activity: [
      {
        kind: 'pull_request',
        id: `${repository.full_name}#${pr.number}:${name}`,
        number: pr.number,
        title: pr.title,
        state: merged ? 'merged' : action === 'opened' || action === 'reopened' ? 'open' : pr.state,
        draft: pr.draft ?? false,
        action: name,
        url: pr.html_url ?? `https://github.com/${repository.full_name}/pull/${pr.number}`,
        repository: repository.full_name,
        occurred_at: isoSeconds(Date.parse(occurredAt)),
      },
    ],
  };
}

function issues(payload: unknown): WebhookActivity | null {
  const parsed = Issues.safeParse(payload);
  if (!parsed.success) return null;
  const { action, repository, issue } = parsed.data;
  const occurredAt =
    (action === 'opened' ? issue.created_at : action === 'closed' ? issue.closed_at : issue.updated_at) ??
    issue.created_at;
  return {
    repository: repository.full_name,
    activity: [
      {
        kind: 'issue',
        id: `${repository.full_name}#${issue.number}:${action}`,
        number: issue.number,
        title: issue.title,
        state: issue.state,
        action,
        url: issue.html_url ?? `https://github.com/${repository.full_name}/issues/${issue.number}`,
        repository: repository.full_name,
        occurred_at: isoSeconds(Date.parse(occurredAt)),
      },
    ],
  };
}

function release(payload: unknown): WebhookActivity | null {
  const parsed = Release.safeParse(payload);
  if (!parsed.success) return null;
  const { action, repository, release: r } = parsed.data;
  if (r.draft || action !== 'published') return { repository: repository.full_name, activity: [] };
  return {
    repository: repository.full_name,
    activity: [
      {
        kind: 'release',
        id: `${repository.full_name}@${r.tag_name}`,
        tag_name: r.tag_name,
        name: r.name ?? null,
        prerelease: r.prerelease,
        url: r.html_url ?? `https://github.com/${repository.full_name}/releases/tag/${encodeURIComponent(r.tag_name)}`,
        repository: repository.full_name,
        occurred_at: isoSeconds(Date.parse(r.published_at ?? r.created_at)),
      },
    ],
  };
}
