import { z } from 'zod';

/** A commit as the compare endpoint returns it, reduced to what the pipeline keeps. */
export interface ComparedCommit {
  sha: string;
  message: string;
  author_login: string | null;
  html_url: string | null;
}

/** A pull request as the pulls endpoint returns it, reduced to what the pipeline keeps. */
export interface PullDetails {
  number: number;
  title: string;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  html_url: string | null;
}

const Url = z.url({ protocol: /^https?$/ });

const CompareCommit = z.object({
  sha: z.string().regex(/^[0-9a-f]{7,40}$/),
  html_url: Url.optional(),
  author: z.object({ login: z.string() }).nullable().optional(),
  commit: z.object({ message: z.string().default('') }),
});

const Compare = z.object({ commits: z.array(z.unknown()) });

/**
 * The commits of a `GET /repos/{o}/{r}/compare/{base}...{head}` response, oldest first as GitHub
 * sends them. A malformed commit is skipped rather than failing the push.
 */
export function parseCompare(raw: unknown): ComparedCommit[] | null {
  const parsed = Compare.safeParse(raw);
  if (!parsed.success) return null;
  const commits: ComparedCommit[] = [];
  for (const item of parsed.data.commits) {
    const commit = CompareCommit.safeParse(item);
    if (!commit.success) continue;
    commits.push({
      sha: commit.data.sha,
      message: commit.data.commit.message,
      author_login: commit.data.author?.login ?? null,
      html_url: commit.data.html_url ?? null,
    });
  }
  return commits;
}

const Pull = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.enum(['open', 'closed']),
  merged: z.boolean().nullable().optional(),
  merged_at: z.string().nullable().optional(),
  draft: z.boolean().nullable().optional(),
  html_url: Url.optional(),
});

/** A `GET /repos/{o}/{r}/pulls/{n}` response; null when it is not a pull request. */
export function parsePull(raw: unknown): PullDetails | null {
  const parsed = Pull.safeParse(raw);
  if (!parsed.success) return null;
  const pull = parsed.data;
  const merged = pull.merged === true || (pull.merged_at !== null && pull.merged_at !== undefined);
  return {
    number: pull.number,
    title: pull.title,
    state: merged ? 'merged' : pull.state,
    draft: pull.draft ?? false,
    html_url: pull.html_url ?? null,
  };
}
