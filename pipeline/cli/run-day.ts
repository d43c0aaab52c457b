import { ingestWindow } from '../../core/pipeline/stream-day.ts';
import type { ContentItem } from '../../core/schemas/content-item.ts';
import type { ContentType } from '../../core/schemas/post.ts';
import { addDays } from '../../core/time/local-day.ts';
import { failureOf, type IngestSummary, ingestDay, queueItemsWithWork } from '../src/jobs/ingest-day.ts';
import { processItem } from '../src/jobs/process-item.ts';
import { type PublishSummary, publishPost } from '../src/jobs/publish-post.ts';
import { newRunId, type PipelineDeps } from '../src/ports.ts';
import { runCompletion } from '../src/run-record.ts';
import type { CliArgs } from './args.ts';
import type { InlineQueue } from './inline-queue.ts';

/** The `--json` summary of DESIGN §7; `post`, `pull_request` and `notification` are null when nothing was written. */
export interface RunSummary {
  /** This run's id (`run_…`): on every log line, and the key of its record (`runs --id`). */
  run_id: string;
  command: CliArgs['command'];
  date: string;
  timezone: string;
  window: { start: string; end: string };
  sources: { clips: string; transcripts: string; github_user: string | null };
  clips: IngestSummary['clips'] | null;
  github: IngestSummary['github'];
  processed: number;
  by_status: Record<string, number>;
  items: ContentItem[];
  failures: { step: string; code: string; message: string; content_item_id?: string }[];
  /** The post `run` wrote (or found unchanged); null for ingest/process or a period without development clips. */
  post:
    | (NonNullable<PublishSummary['post']> & {
        type: ContentType;
        period: { start: string; end: string };
        status: PublishSummary['status'];
      })
    | null;
  pull_request: PublishSummary['pull_request'];
  notification: PublishSummary['notification'];
  /** What the publish step decided, e.g. `skipped_empty` for a day with no development clips. */
  publish_status: PublishSummary['status'] | null;
  duration_ms: number;
}

/**
 * Runs one CLI command for a local day through the same jobs the Worker runs: `ingest_day`, then
 * every `process_item` it queued (the in-process queue stands in for Cloudflare Queues). A failing
 * item is recorded and the run goes on; the item keeps its `failed` status and error code.
 */
export async function runDay(
  deps: PipelineDeps,
  queue: InlineQueue,
  args: CliArgs & { date: string },
  runId: string = newRunId(),
): Promise<RunSummary> {
  const started = performance.now();
  // `run` (not a dry run, which writes nothing) keeps a run record; ingest and process only log.
  const records = args.command === 'run' && !args.dryRun ? deps.runs : null;
  const period = periodFor(args.type, args.date);
  await records?.start({ run_id: runId, trigger: 'cli', period }, deps.clock.now().getTime());
  let published: PublishSummary | null = null;
  try {
    const summary = await runSteps(deps, queue, args, runId, started, (done) => {
      published = done;
    });
    if (records)
      await records.complete(
        runId,
        { trigger: 'cli', period },
        await runCompletion(deps, period, { status: 'completed', failures: summary.failures, publish: published }),
        deps.clock.now().getTime(),
      );
    return summary;
  } catch (error) {
    if (records) {
      const failure = { step: args.command, ...failureOf(error) };
      await records
        .complete(
          runId,
          { trigger: 'cli', period },
          await runCompletion(deps, period, { status: 'failed', failures: [failure], publish: published }),
          deps.clock.now().getTime(),
        )
        .catch(() => undefined);
    }
    throw error;
  }
}

async function runSteps(
  deps: PipelineDeps,
  queue: InlineQueue,
  args: CliArgs & { date: string },
  runId: string,
  started: number,
  onPublished: (summary: PublishSummary) => void,
): Promise<RunSummary> {
  const window = ingestWindow(args.date, deps.config.timeZone);
  const summary: RunSummary = {
    run_id: runId,
    command: args.command,
    date: args.date,
    timezone: deps.config.timeZone,
    window: { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() },
    sources: {
      clips: deps.config.clipSourceKind,
      transcripts: deps.config.transcriberKind,
      github_user: deps.config.githubUsername,
    },
    clips: null,
    github: null,
    processed: 0,
    by_status: {},
    items: [],
    failures: [],
    post: null,
    pull_request: null,
    notification: null,
    publish_status: null,
    duration_ms: 0,
  };

  if (args.command === 'run' || args.command === 'ingest') {
    deps.log.info('ingesting day', { date: args.date, timezone: deps.config.timeZone });
    // A GitHub failure is reported in `failures` and processing goes on; a Twitch failure ends the run.
    const ingest = await ingestDay(
      deps,
      { date: args.date, force: args.force, run_id: runId },
      { rethrowGitHubFailure: false },
    );
    Object.assign(summary, { window: ingest.window, clips: ingest.clips, github: ingest.github });
    summary.failures.push(...ingest.failures);
  }
  if (args.command === 'process') {
    // The same items ingest would queue, without asking Twitch or GitHub.
    await queueItemsWithWork(deps, { date: args.date, force: args.force, run_id: runId });
  }
  if (args.command === 'run' || args.command === 'process') {
    for (let message = queue.take(); message; message = queue.take()) {
      if (message.type !== 'process_item') continue;
      summary.processed += 1;
      try {
        await processItem(deps, message.content_item_id);
      } catch (error) {
        summary.failures.push({ step: 'process_item', content_item_id: message.content_item_id, ...failureOf(error) });
      }
    }
  }

  if (args.command === 'run') {
    const period = periodFor(args.type, args.date);
    deps.log.info('writing the post', { type: args.type, period: `${period.start}..${period.end}` });
    const published = await publishPost(deps, {
      content_type: args.type,
      period,
      force: args.force,
      dry_run: args.dryRun,
      ...(args.topic === null ? {} : { topic: args.topic }),
    });
    onPublished(published);
    summary.publish_status = published.status;
    summary.post = published.post ? { ...published.post, type: args.type, period, status: published.status } : null;
    summary.pull_request = published.pull_request;
    summary.notification = published.notification;
  }

  for (const id of await deps.clipDetails.itemsOfDay(args.date)) {
    const item = await deps.items.get(id);
    if (!item) continue;
    summary.items.push(item);
    summary.by_status[item.processing_status] = (summary.by_status[item.processing_status] ?? 0) + 1;
  }
  summary.duration_ms = Math.round(performance.now() - started);
  return summary;
}

/** A daily recap covers the day; a weekly or topic post the Monday–Sunday week holding it. */
function periodFor(type: ContentType, date: string): { start: string; end: string } {
  if (type === 'daily_recap') return { start: date, end: date };
  const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const start = addDays(date, -weekday);
  return { start, end: addDays(start, 6) };
}
