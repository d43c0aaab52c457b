import { selectFeatured } from '../../../core/posts/facts.ts';
import { branchFor, fingerprintInBody, fingerprintInCommitMessage } from '../../../core/publishing/bundle.ts';
import { CONTENT_BASE } from '../../servers/github-repo-protocol.ts';
import { type DaySnapshot, retryableFailure } from './day-snapshot.ts';
import { AI_DAILY_BUDGET } from './fault-world.ts';

/**
 * The fault-injection invariants (DESIGN §8 "lost or duplicated items / PRs / Discord
 * messages under injected faults: 0"), one function each. Each returns the problems it found, so a
 * failure names the invariant that broke and why; `assertInvariants` throws them all at once.
 */
export type Problems = string[];

export interface DayExpectation {
  /** The content item ids the fixture world has on this day (test/fixtures/manifest.json). */
  itemIds: string[];
}

/** Every item of the day exists (none lost, none extra) and ended ready, or failed with an error code. */
export function everyItemFinal(snapshot: DaySnapshot, expected: DayExpectation): Problems {
  const problems: Problems = [];
  const ids = snapshot.items.map((item) => item.content_item_id);
  for (const id of expected.itemIds) if (!ids.includes(id)) problems.push(`item ${id} is missing`);
  for (const id of ids) if (!expected.itemIds.includes(id)) problems.push(`item ${id} does not belong to the day`);
  for (const item of snapshot.items) {
    if (item.processing_status === 'failed' && !item.error?.code) {
      problems.push(`item ${item.content_item_id} failed without an error code`);
    } else if (item.processing_status !== 'ready_for_content' && item.processing_status !== 'failed') {
      problems.push(`item ${item.content_item_id} is stuck in ${item.processing_status}`);
    }
  }
  return problems;
}

/**
 * Every injected fault is transient, so no item may end failed with a code that says retrying cannot
 * help (`upstream_rejected`, `illegal_transition`, …): that would drop a clip from the post for good.
 */
export function noPermanentFailure(snapshot: DaySnapshot): Problems {
  return snapshot.items
    .filter((item) => item.processing_status === 'failed' && !retryableFailure(item))
    .map((item) => `item ${item.content_item_id} failed for good (${item.error?.code}: ${item.error?.message})`);
}

/** Whether the day has a post to open: any featured (ready, development-like) item. */
export function expectsPost(snapshot: DaySnapshot): boolean {
  const period = { start: snapshot.day, end: snapshot.day };
  return selectFeatured(snapshot.items, { content_type: 'daily_recap', period, timezone: 'UTC' }).length > 0;
}

/**
 * Exactly one pull request for the post and period, open against the base branch, its branch one
 * commit ahead of base (and not behind), carrying the same fingerprint as the publication row;
 * nothing else written to the repository and nothing the pipeline must never do.
 */
export function onePullRequestOneCommit(snapshot: DaySnapshot): Problems {
  const problems: Problems = [];
  const { repo } = snapshot;
  const branch = branchFor('daily_recap', { start: snapshot.day, end: snapshot.day });
  const violations = repo.violations.map((violation) => `forbidden write: ${violation}`);
  const pulls = repo.pulls as {
    number: number;
    state: string;
    body: string | null;
    head: { ref: string; sha: string };
    base: { ref: string };
    html_url: string;
  }[];
  const branches = Object.keys(repo.branches).filter((name) => name !== CONTENT_BASE);
  if (!expectsPost(snapshot)) {
    if (pulls.length > 0) problems.push(`no featured item, yet ${pulls.length} pull request(s)`);
    if (branches.length > 0) problems.push(`no featured item, yet branches ${branches.join(', ')}`);
    return [...violations, ...problems];
  }
  if (pulls.length !== 1) {
    problems.push(
      `${pulls.length} pull requests, expected 1: ${pulls.map((p) => `#${p.number} ${p.state} ${p.head.ref}`).join('; ')}`,
    );
  }
  if (branches.length !== 1 || branches[0] !== branch)
    problems.push(`branches ${branches.join(', ') || 'none'}, expected ${branch}`);
  const pull = pulls[0];
  const head = repo.branches[branch];
  if (pull) {
    if (pull.state !== 'open' || pull.head.ref !== branch || pull.base.ref !== CONTENT_BASE) {
      problems.push(`PR #${pull.number} is ${pull.state} ${pull.head.ref} → ${pull.base.ref}`);
    }
  }
  if (head) {
    if (head.ahead_by !== 1 || head.behind_by !== 0 || head.parents.join() !== repo.base_sha) {
      problems.push(
        `${branch} is ${head.ahead_by} ahead / ${head.behind_by} behind, parents ${head.parents.join(', ')}`,
      );
    }
  }
  const row = snapshot.publication;
  if (!row) {
    problems.push('no publication row');
  } else if (pull && head) {
    if (row.pr_number !== pull.number)
      problems.push(`publication names PR ${row.pr_number}, GitHub has #${pull.number}`);
    if (row.commit_sha !== head.sha)
      problems.push(`publication names commit ${row.commit_sha}, the branch is at ${head.sha}`);
    const fingerprint = row.fingerprint;
    if (fingerprintInBody(pull.body) !== fingerprint)
      problems.push('the PR body does not carry the publication fingerprint');
    if (fingerprintInCommitMessage(head.message) !== fingerprint) {
      problems.push('the branch commit does not carry the publication fingerprint');
    }
    if (row.lease_token !== null) problems.push('the publication lease is still held');
  }
  return [...violations, ...problems];
}

/**
 * Exactly one review message per PR: the one `notification_messages` names, linking the PR. Any
 * other live message must be one the fake says it created while answering 502 (`created_then_502`):
 * a webhook cannot be asked whether a failed execute created its message, so the notifier's retry
 * leaves that copy behind (docs/faults.md, "What the suite cannot promise"). Any other extra message
 * is a duplicate.
 */
export function oneReviewMessagePerPr(snapshot: DaySnapshot): Problems {
  const live = snapshot.discord.filter((message) => !message.deleted);
  if (!expectsPost(snapshot)) return live.length > 0 ? [`no PR, yet ${live.length} Discord message(s)`] : [];
  const row = snapshot.notification;
  if (row?.channel !== 'discord' || typeof row.message_id !== 'string') {
    return [`no Discord message recorded for the PR (row: ${JSON.stringify(row)})`];
  }
  const problems: Problems = [];
  const tracked = live.find((message) => message.id === row.message_id);
  if (!tracked) problems.push(`the recorded message ${row.message_id} is not in the channel`);
  const extra = live.filter((message) => message !== tracked);
  const duplicates = extra.filter((message) => !message.unconfirmed_create);
  if (duplicates.length > 0)
    problems.push(`${duplicates.length} duplicate Discord message(s): ${duplicates.map((m) => m.id).join(', ')}`);
  const pull = snapshot.repo.pulls[0] as { html_url?: string } | undefined;
  const embed = tracked?.embeds[0] as { url?: string } | undefined;
  if (tracked && pull && embed?.url !== pull.html_url)
    problems.push(`the message links ${embed?.url}, not ${pull.html_url}`);
  if (row.disabled_reason !== null) problems.push(`notifications disabled: ${row.disabled_reason}`);
  return problems;
}

/** Every R2 key stored in D1 (raw payloads, transcripts, audio) still names an object. */
export function nothingStoredLost(snapshot: DaySnapshot): Problems {
  const present = new Set(snapshot.r2Keys);
  return snapshot.storedR2Refs
    .filter((ref) => !present.has(ref.key))
    .map((ref) => `${ref.table} names ${ref.key}, which is not in R2`);
}

/** Nothing that existed before is gone after: items, R2 objects. */
export function nothingLostSince(before: DaySnapshot, after: DaySnapshot): Problems {
  const items = new Set(after.itemIds);
  const objects = new Set(after.r2Keys);
  return [
    ...before.itemIds.filter((id) => !items.has(id)).map((id) => `item ${id} was lost`),
    ...before.r2Keys.filter((key) => !objects.has(key)).map((key) => `R2 object ${key} was lost`),
  ];
}

/** No budget row ever shows more used than its limit, and the limit is the configured one. */
export function budgetNeverOverrun(snapshot: DaySnapshot): Problems {
  return snapshot.budgets.flatMap((row) => [
    ...(row.used_units > row.limit_units
      ? [`${row.budget} ${row.day}: ${row.used_units} used of ${row.limit_units}`]
      : []),
    ...(row.limit_units !== AI_DAILY_BUDGET
      ? [`${row.budget} ${row.day}: limit ${row.limit_units}, configured ${AI_DAILY_BUDGET}`]
      : []),
  ]);
}

/**
 * Every injected fault is transient, so a message may be dead-lettered only for exhausting its
 * retries (`retries_exhausted`, the queue's own rule), never for an error that says retrying cannot
 * help: that is work given up on for good.
 */
export function deadLettersOnlyAfterRetries(snapshot: DaySnapshot): Problems {
  return snapshot.deadLetters.flatMap((letter) => {
    const { reason } = JSON.parse(letter.body) as { reason?: string };
    return reason === 'retries_exhausted' ? [] : [`dead-lettered for ${reason}: ${letter.body.slice(0, 300)}`];
  });
}

/**
 * A re-run of the whole day without faults changes nothing: the same PR at the same head, no new git
 * objects, the same Discord message with no new call, the same items, rows and R2 objects, no AI
 * spent. One thing a re-run does on purpose: it tries again an item still failed with a retryable
 * code (the fixture's clip that Twitch has no media for yet), so that item may show a newer failure
 * time and its retries may add dead letters for it; nothing else.
 */
export function rerunChangedNothing(before: DaySnapshot, after: DaySnapshot): Problems {
  const problems: Problems = [];
  const same = (what: string, a: unknown, b: unknown) => {
    const left = JSON.stringify(a);
    const right = JSON.stringify(b);
    if (left !== right) problems.push(`${what} changed: ${left.slice(0, 400)} → ${right.slice(0, 400)}`);
  };
  const retrying = new Set(after.items.filter(retryableFailure).map((item) => item.content_item_id));
  const comparable = (snapshot: DaySnapshot) =>
    snapshot.items.map((item) =>
      retrying.has(item.content_item_id)
        ? { ...item, updated_at: undefined, error: { ...item.error, occurred_at: undefined } }
        : item,
    );
  same('pull requests', before.repo.pulls, after.repo.pulls);
  same('branches', before.repo.branches, after.repo.branches);
  same(
    'git objects (commits, trees)',
    [before.repo.commits, before.repo.trees],
    [after.repo.commits, after.repo.trees],
  );
  same('Discord messages', before.discord, after.discord);
  same('Discord webhook calls', before.discordCalls, after.discordCalls);
  same('items', comparable(before), comparable(after));
  same('R2 objects', before.r2Keys, after.r2Keys);
  same('publication', before.publication, after.publication);
  same('notification', before.notification, after.notification);
  same('AI budget', before.budgets, after.budgets);
  // A re-run is a run of its own (one more `runs` row); dead letters are compared just below.
  const counts = (snapshot: DaySnapshot) => ({ ...snapshot.rowCounts, runs: undefined, dead_letters: undefined });
  same('row counts', counts(before), counts(after));
  const known = new Set(before.deadLetters.map((letter) => letter.message_id));
  for (const letter of after.deadLetters.filter((candidate) => !known.has(candidate.message_id))) {
    const { body } = JSON.parse(letter.body) as { body?: { type?: string; content_item_id?: string } };
    if (body?.type !== 'process_item' || !retrying.has(body.content_item_id ?? '')) {
      problems.push(`the re-run dead-lettered ${letter.body.slice(0, 300)}`);
    }
  }
  return problems;
}

/**
 * Every invariant on one snapshot, by name. With `complete: false` (the day's own `ingest_day` or
 * `publish_post` ran out of retries and was dead-lettered, by design), the ones that need the day to
 * have finished wait for the next run of the day; what was written twice or lost stays visible then.
 */
export function dayInvariants(
  snapshot: DaySnapshot,
  expected: DayExpectation,
  complete = true,
): Record<string, Problems> {
  return {
    ...(complete
      ? {
          everyItemFinal: everyItemFinal(snapshot, expected),
          onePullRequestOneCommit: onePullRequestOneCommit(snapshot),
          oneReviewMessagePerPr: oneReviewMessagePerPr(snapshot),
        }
      : {}),
    noPermanentFailure: noPermanentFailure(snapshot),
    nothingStoredLost: nothingStoredLost(snapshot),
    budgetNeverOverrun: budgetNeverOverrun(snapshot),
    deadLettersOnlyAfterRetries: deadLettersOnlyAfterRetries(snapshot),
  };
}

/** Throws one error listing every broken invariant (`name: problem`), headed by `context`. */
export function assertInvariants(context: string, results: Record<string, Problems>): void {
  const broken = Object.entries(results).flatMap(([name, problems]) =>
    problems.map((problem) => `  ${name}: ${problem}`),
  );
  if (broken.length > 0) throw new Error(`${context}\n${broken.join('\n')}`);
}
