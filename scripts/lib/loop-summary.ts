/**
 * The pure half of `npm start`'s local loop: which local pull requests the loop merges, and the
 * summary it prints once the blog is served (what it did, the URLs, a signed curl line).
 */

/** What the loop needs of a local pull request (pipeline/cli/local-pull-requests.ts). */
export interface PullRequestView {
  number: number;
  branch: string;
  title: string;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
}

/**
 * The PRs the loop merges, as the owner would on GitHub: open, not a draft, and judged `pass`
 * (`verdictOf(branch)`, from the pipeline's publication record). Drafts and anything the judge did
 * not pass stay open for a person. Oldest first, so `main` moves in the order the PRs were opened.
 */
export function pullRequestsToMerge<T extends PullRequestView>(
  pullRequests: readonly T[],
  verdictOf: (branch: string) => string | null,
): T[] {
  return pullRequests
    .filter((pr) => pr.state === 'open' && !pr.draft && verdictOf(pr.branch) === 'pass')
    .sort((a, b) => a.number - b.number);
}

/** The URL path of a post file: its file name without `.md` is the slug (site/content.config.ts). */
export function postUrlPath(postPath: string): string {
  const stem = (postPath.split('/').at(-1) ?? postPath).replace(/\.md$/, '');
  return `/posts/${stem}/`;
}

export type ContentComparison = 'identical' | 'timestamps' | 'differs';

/** The text with every ISO-8601 UTC timestamp (`2026-12-02T17:16:19.159Z`) replaced by one placeholder. */
export function withoutTimestamps(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<time>');
}

/** One sample day as the loop ran it. */
export interface DayReport {
  date: string;
  items: number;
  by_status: Record<string, number>;
  failures: { step: string; code: string; content_item_id?: string }[];
  /** What the publish step decided (`skipped_empty`: no development clips); null when it did not run. */
  publish_status: string | null;
  post: { title: string; path: string; verdict: string } | null;
  pull_request: { number: number | null; outcome: string; branch: string; draft: boolean } | null;
  notification: { outcome: string; message_id: string | null } | null;
  ms: number;
}

export interface LoopReport {
  timezone: string;
  /** Sample days, or the days given with `--days`; empty when the pipeline did not run. */
  days: DayReport[];
  /** The local content repository, or null (posts went to GitHub, or the pipeline did not run). */
  contentRepoDir: string | null;
  /** Every local PR after the loop, oldest first. */
  pullRequests: PullRequestView[];
  /** PR numbers this run merged. */
  merged: number[];
  /** Where the blog was built from. */
  content: {
    dir: string;
    from: 'local-main' | 'checkout';
    /** How the merged `main` compares with the checkout's `content/` (null: not compared). */
    sameAsCheckout: ContentComparison | null;
    posts: number;
    items: number;
  };
  /** Items written into local D1 from the built content that D1 did not hold yet. */
  seeded: number;
  outbox: { message_id: string; stage: string; text: string }[];
  /** Messages moved to `merged` and `live` this run. */
  reviewMoves: { merged: number; live: number };
  urls: { blog: string; post: string | null; api: string; openapi: string };
  keyIds: string[];
  curl: string;
  steps: { step: string; ms: number }[];
  totalMs: number;
  logFile: string | null;
}

/** Counts that say whether a re-run changed anything: PRs opened, commits written, messages created. */
export function changesOf(report: Pick<LoopReport, 'days' | 'merged' | 'reviewMoves'>): {
  opened: number;
  updated: number;
  merged: number;
  messagesCreated: number;
  messagesEdited: number;
} {
  const outcomes = report.days.map((d) => d.pull_request?.outcome);
  const notes = report.days.map((d) => d.notification?.outcome);
  return {
    opened: outcomes.filter((o) => o === 'created').length,
    updated: outcomes.filter((o) => o === 'updated').length,
    merged: report.merged.length,
    messagesCreated: notes.filter((o) => o === 'created').length,
    messagesEdited: notes.filter((o) => o === 'edited').length + report.reviewMoves.merged + report.reviewMoves.live,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function statusText(byStatus: Record<string, number>): string {
  const parts = Object.entries(byStatus).map(([status, n]) => `${n} ${status}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((line) => (line === '' ? '' : `${prefix}${line}`));
}

/** The summary `npm start` prints on stdout once both Workers serve. */
export function loopSummaryText(report: LoopReport): string {
  const lines: string[] = [];
  const changes = changesOf(report);
  lines.push(`Streamlog is serving ${report.urls.blog}  (ready in ${seconds(report.totalMs)})`, '');

  if (report.days.length > 0) {
    lines.push(`Pipeline: ${report.days.length} day(s) in ${report.timezone}, through the production jobs`);
    for (const day of report.days) {
      const post =
        day.publish_status === 'skipped_empty'
          ? 'no development clips: no post, nothing opened'
          : day.post
            ? `post "${day.post.title}" (judge: ${day.post.verdict})`
            : 'no post';
      const pr = day.pull_request
        ? `; PR${day.pull_request.number === null ? '' : ` #${day.pull_request.number}`} ${day.pull_request.outcome}`
        : '';
      lines.push(
        `  ${day.date}  ${day.items} items (${statusText(day.by_status)}); ${post}${pr}  [${seconds(day.ms)}]`,
      );
      for (const failure of day.failures) {
        lines.push(
          `              ${failure.step}${failure.content_item_id ? ` ${failure.content_item_id}` : ''}: ${failure.code}`,
        );
      }
    }
    lines.push(
      `  this run: ${changes.opened} PR(s) opened, ${changes.updated} updated, ${changes.merged} merged; ` +
        `${changes.messagesCreated} message(s) created, ${changes.messagesEdited} edited` +
        (changes.opened + changes.updated + changes.merged + changes.messagesCreated + changes.messagesEdited === 0
          ? ' (nothing changed: same inputs, same posts)'
          : ''),
      '',
    );
  } else {
    lines.push('Pipeline: not run (no days to run)', '');
  }

  if (report.contentRepoDir !== null) {
    lines.push(`Local pull requests (${report.contentRepoDir})`);
    if (report.pullRequests.length === 0) lines.push('  none');
    for (const pr of report.pullRequests) {
      const state = pr.state === 'open' && pr.draft ? 'open, draft (judge did not pass: left for review)' : pr.state;
      const now = report.merged.includes(pr.number) ? ' (merged by this run)' : '';
      lines.push(`  #${pr.number}  ${pr.branch}  ${state}${now}  "${pr.title}"`);
    }
    lines.push(`  see: git -C ${report.contentRepoDir} log --all --oneline --graph`, '');
  }

  lines.push(`Review messages (local Discord outbox, ${report.outbox.length})`);
  if (report.outbox.length === 0) lines.push('  none');
  for (const message of report.outbox) {
    lines.push(`  ${message.message_id} [${message.stage}]`, ...indent(message.text, '    '));
  }
  lines.push('');

  const from =
    report.content.from === 'local-main'
      ? `the local content repository's main, exported to ${report.content.dir}` +
        (report.content.sameAsCheckout === 'identical'
          ? " (byte-identical to this checkout's content/)"
          : report.content.sameAsCheckout === 'timestamps'
            ? " (the same files as this checkout's content/ but for the run's timestamps)"
            : report.content.sameAsCheckout === 'differs'
              ? " (differs from this checkout's content/)"
              : '')
      : `this checkout's ${report.content.dir}`;
  lines.push(
    `Blog: ${report.content.posts} post(s), ${report.content.items} item(s), built from ${from}`,
    `  ${report.urls.blog}/`,
  );
  if (report.urls.post) lines.push(`  ${report.urls.post}`);
  lines.push('');

  lines.push(
    `Content API: ${report.urls.api}  (key id ${report.keyIds.join(', ')}; secret in .dev.vars; reference ${report.urls.openapi})`,
    ...(report.seeded > 0 ? [`  local D1 index: ${report.seeded} item(s) loaded from the built content`] : []),
    '  a signed request (valid 300 s, once; `npm run api -- sign --path …` makes another):',
    `  ${report.curl}`,
    '',
  );

  lines.push(
    `Steps: ${report.steps.map((s) => `${s.step} ${seconds(s.ms)}`).join(', ')}`,
    ...(report.logFile ? [`Pipeline log: ${report.logFile}`] : []),
    'Stop with Ctrl+C. Run `npm start` again: the same posts, no new PR, no new message.',
  );
  return `${lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n')}\n`;
}

/** `curl` with the signed headers, quoted for a POSIX shell. */
export function curlLine(method: string, url: string, headers: Record<string, string>, body?: string): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  const parts = ['curl', '-sS', '-X', method, quote(url)];
  for (const [name, value] of Object.entries(headers)) parts.push('-H', quote(`${name}: ${value}`));
  if (body !== undefined && method !== 'GET') parts.push('--data-binary', quote(body));
  return parts.join(' ');
}
