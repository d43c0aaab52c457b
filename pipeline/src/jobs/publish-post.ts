import { StreamlogError } from '../../../core/errors.ts';
import { type PostFacts, type PostRequest, selectFeatured } from '../../../core/posts/facts.ts';
import { plainTitle } from '../../../core/posts/untrusted-text.ts';
import { branchFor, subjectKeyFor } from '../../../core/publishing/bundle.ts';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import { addDays } from '../../../core/time/local-day.ts';
import type { Publication } from '../../../store/publishing/publications.ts';
import { postFingerprint } from '../generate/fingerprint.ts';
import { generatePost } from '../generate/generate-post.ts';
import type { ReviewNotice } from '../notify/ports.ts';
import type { PipelineDeps } from '../ports.ts';

export type PublishDeps = Pick<PipelineDeps, 'config' | 'clock' | 'items' | 'clipDetails' | 'log' | 'publishing'>;

export interface PublishRequest extends Omit<PostRequest, 'timezone'> {
  force: boolean;
  /** Generate and judge, but write nothing anywhere (no PR, no message, no record). */
  dry_run?: boolean;
}

/** What one publish run did; the CLI summary and the async job's result show it. */
export interface PublishSummary {
  subject_key: string;
  /** `skipped_empty`: no development clips in the period; `unchanged`: same inputs as the open PR. */
  status: 'published' | 'unchanged' | 'skipped_empty' | 'dry_run' | 'skipped';
  featured: number;
  post: {
    path: string;
    title: string;
    verdict: string;
    ai_provider: string;
    fallback_reason: string | null;
    /** The whole file, only in a dry run. */
    markdown?: string;
  } | null;
  pull_request: {
    outcome: string;
    number: number | null;
    url: string | null;
    branch: string;
    draft: boolean;
    writes: number;
    publisher: string;
  } | null;
  notification: { outcome: string; channel: string; message_id: string | null } | null;
}

/** A publish holds its period's lease at most this long; a crashed holder is taken over after it. */
const LEASE_MS = 5 * 60_000;

/**
 * Generate → judge → publish → notify for one post type and period. Idempotent: the fingerprint of
 * the inputs is kept with the period's publication, so an unchanged re-run generates nothing,
 * writes nothing, and the notifier finds its message already up to date. Two runs for the same
 * period never write at once (a D1 lease); the loser is retried by the queue.
 */
export async function publishPost(deps: PublishDeps, request: PublishRequest): Promise<PublishSummary> {
  const postRequest: PostRequest = {
    content_type: request.content_type,
    period: request.period,
    timezone: deps.config.timeZone,
    ...(request.topic === undefined ? {} : { topic: request.topic }),
  };
  const subjectKey = subjectKeyFor(request.content_type, request.period);
  const items = await itemsOfPeriod(deps, request.period);
  const facts: PostFacts = {
    ...postRequest,
    featured: selectFeatured(items, postRequest),
    site_url: deps.publishing.siteUrl,
  };
  const empty: PublishSummary = {
    subject_key: subjectKey,
    status: 'skipped_empty',
    featured: 0,
    post: null,
    pull_request: null,
    notification: null,
  };
  if (facts.featured.length === 0 && !request.force) {
    deps.log.info('no development clips in the period; no post', { subject_key: subjectKey, items: items.length });
    return empty;
  }

  const fingerprint = await postFingerprint(facts);
  const known = await deps.publishing.publications.get(subjectKey);
  // A PR that was merged (or is live) or closed without merging is settled: without `force`, a
  // re-run (a redelivered message, a late event) neither writes nor touches its review message.
  if (!request.force && !request.dry_run && known !== null && isSettledOutcome(known.outcome)) {
    deps.log.info('the period already has a settled pull request', { subject_key: subjectKey, outcome: known.outcome });
    return {
      ...summaryFrom(known, facts.featured.length, 'skipped'),
      pull_request: { ...pullRequestOf(known), outcome: known.outcome ?? 'skipped' },
    };
  }
  if (!request.force && !request.dry_run && known?.fingerprint === fingerprint && isOpenOutcome(known.outcome)) {
    deps.log.info('post unchanged since the last run', { subject_key: subjectKey, pull_request: known.pr_url });
    const notification = await notify(deps, storedNotice(known));
    return { ...summaryFrom(known, facts.featured.length, 'unchanged'), notification };
  }

  const generated = await generatePost(facts, deps.publishing.model, deps.clock.now(), fingerprint);
  const post = {
    path: generated.post.path,
    title: generated.post.frontmatter.title,
    verdict: generated.judgement.verdict.verdict,
    ai_provider: generated.ai_provider,
    fallback_reason: generated.fallback_reason,
  };
  deps.log.info('post written and judged', {
    subject_key: subjectKey,
    verdict: post.verdict,
    ai_provider: post.ai_provider,
  });
  if (request.dry_run) {
    const markdown = generated.bundle.files[0]?.content ?? '';
    return { ...empty, status: 'dry_run', featured: facts.featured.length, post: { ...post, markdown } };
  }

  const publisher = deps.publishing.publisher;
  const token = crypto.randomUUID();
  const subject = {
    subject_key: subjectKey,
    content_type: request.content_type,
    period_start: request.period.start,
    period_end: request.period.end,
    branch: branchFor(request.content_type, request.period),
    publisher: publisher.kind,
  };
  if (!(await deps.publishing.publications.claim(subject, token, deps.clock.now().getTime(), LEASE_MS))) {
    throw new StreamlogError('concurrent_update', `another run is publishing ${subjectKey}; retry later`, {
      subject_key: subjectKey,
    });
  }
  try {
    const result = await publisher.publish(generated.bundle, { force: request.force });
    const notice: ReviewNotice | null =
      result.number !== null && isOpenOutcome(result.outcome)
        ? {
            subject_key: subjectKey,
            stage: 'judged',
            post_title: post.title,
            pull_request: { number: result.number, url: result.url, draft: result.draft },
            verdict: {
              verdict: generated.judgement.verdict.verdict,
              confidence: generated.judgement.verdict.confidence,
              notes: generated.judgement.verdict.notes,
            },
            highlights: highlightsOf(facts),
          }
        : null;
    deps.log.info('pull request published', {
      subject_key: subjectKey,
      outcome: result.outcome,
      url: result.url,
      writes: result.writes,
    });
    const record: Omit<
      Publication,
      'subject_key' | 'content_type' | 'period_start' | 'period_end' | 'branch' | 'updated_ms'
    > = {
      publisher: publisher.kind,
      // A skipped publish keeps no fingerprint, so the next run looks at GitHub again.
      fingerprint: isOpenOutcome(result.outcome) ? fingerprint : null,
      outcome: result.outcome,
      pr_number: result.number,
      pr_url: result.url,
      commit_sha: result.commit_sha,
      draft: result.draft,
      verdict: post.verdict,
      post_path: post.path,
      post_title: post.title,
      ai_provider: post.ai_provider,
      notice: notice ? JSON.stringify(notice) : null,
    };
    await deps.publishing.publications.record(subjectKey, token, record, deps.clock.now().getTime());
    const pullRequest = {
      outcome: result.outcome,
      number: result.number,
      url: result.url,
      branch: result.branch,
      draft: result.draft,
      writes: result.writes,
      publisher: publisher.kind,
    };
    const notification = await notify(deps, notice);
    return {
      subject_key: subjectKey,
      status: isOpenOutcome(result.outcome) ? (result.outcome === 'unchanged' ? 'unchanged' : 'published') : 'skipped',
      featured: facts.featured.length,
      post,
      pull_request: pullRequest,
      notification,
    };
  } catch (error) {
    await deps.publishing.publications.release(subjectKey, token).catch(() => undefined);
    throw error;
  }
}

function isSettledOutcome(outcome: string | null): boolean {
  return (
    outcome === 'merged' ||
    outcome === 'live' ||
    outcome === 'closed' ||
    outcome === 'skipped_merged' ||
    outcome === 'skipped_closed'
  );
}

function isOpenOutcome(outcome: string | null): boolean {
  return outcome === 'created' || outcome === 'updated' || outcome === 'unchanged';
}

async function notify(deps: PublishDeps, notice: ReviewNotice | null): Promise<PublishSummary['notification']> {
  if (notice === null) return null;
  const result = await deps.publishing.notifier.notify(notice);
  return { outcome: result.outcome, channel: result.channel, message_id: result.message_id };
}

/** The notice sent when the PR was last written; sending it again changes nothing. */
function storedNotice(known: Publication): ReviewNotice | null {
  if (known.notice === null) return null;
  try {
    return JSON.parse(known.notice) as ReviewNotice;
  } catch {
    return null;
  }
}

function summaryFrom(known: Publication, featured: number, status: PublishSummary['status']): PublishSummary {
  return {
    subject_key: known.subject_key,
    status,
    featured,
    post:
      known.post_path && known.post_title
        ? {
            path: known.post_path,
            title: known.post_title,
            verdict: known.verdict ?? '',
            ai_provider: known.ai_provider ?? '',
            fallback_reason: null,
          }
        : null,
    pull_request: pullRequestOf(known),
    notification: null,
  };
}

function pullRequestOf(known: Publication): NonNullable<PublishSummary['pull_request']> {
  return {
    outcome: 'unchanged',
    number: known.pr_number,
    url: known.pr_url,
    branch: known.branch,
    draft: known.draft,
    writes: 0,
    publisher: known.publisher,
  };
}

/** Plain lines for the review message: the clips by title. */
function highlightsOf(facts: PostFacts): string[] {
  return facts.featured.slice(0, 10).map((item) => plainTitle(item.clip_title));
}

/** Every stored item of the period's local days (a stream belongs to the day it started). */
async function itemsOfPeriod(deps: PublishDeps, period: { start: string; end: string }): Promise<ContentItem[]> {
  const items: ContentItem[] = [];
  for (let day = period.start; day <= period.end; day = addDays(day, 1)) {
    for (const id of await deps.clipDetails.itemsOfDay(day)) {
      const item = await deps.items.get(id);
      if (item) items.push(item);
    }
  }
  return items;
}
