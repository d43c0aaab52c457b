import { addDays } from '../../core/time/local-day.ts';
import type { RunCompletion, RunFailure } from '../../store/runs/run-records.ts';
import type { PublishSummary } from './jobs/publish-post.ts';
import type { PipelineDeps } from './ports.ts';

/**
 * What a finished run records: the counts of the period's items as they stand now, the failures
 * (the run's own, then each failed item's code), the post, its pull request and notification, and
 * the Workers AI units reserved today. Shared by the CLI's `run` and the Worker's `publish_post`.
 */
export async function runCompletion(
  deps: Pick<PipelineDeps, 'clipDetails' | 'items' | 'aiBudget'>,
  period: { start: string; end: string },
  outcome: { status: RunCompletion['status']; failures: RunFailure[]; publish: PublishSummary | null },
): Promise<RunCompletion> {
  const counts = { items_seen: 0, transcribed: 0, matched: 0, ready: 0, failed: 0 };
  const failures = [...outcome.failures];
  const reported = new Set(failures.flatMap((f) => (f.content_item_id ? [f.content_item_id] : [])));
  for (let day = period.start; day <= period.end; day = addDays(day, 1)) {
    for (const id of await deps.clipDetails.itemsOfDay(day)) {
      const item = await deps.items.get(id);
      if (!item) continue;
      counts.items_seen += 1;
      if (item.transcript) counts.transcribed += 1;
      const context = item.github_context;
      if (
        context &&
        context.commits.length + context.pull_requests.length + context.issues.length + context.releases.length > 0
      )
        counts.matched += 1;
      if (item.processing_status === 'ready_for_content') counts.ready += 1;
      if (item.processing_status === 'failed') {
        counts.failed += 1;
        if (!reported.has(id))
          failures.push({
            step: 'process_item',
            content_item_id: id,
            code: item.error?.code ?? 'internal_error',
            message: item.error?.message ?? '',
          });
      }
    }
  }
  const publish = outcome.publish;
  return {
    status: outcome.status,
    ...counts,
    failures,
    posts: publish?.post ? [{ path: publish.post.path, title: publish.post.title, verdict: publish.post.verdict }] : [],
    pull_requests: publish?.pull_request
      ? [{ url: publish.pull_request.url, number: publish.pull_request.number, outcome: publish.pull_request.outcome }]
      : [],
    notification: publish?.notification
      ? { outcome: publish.notification.outcome, channel: publish.notification.channel }
      : null,
    ai_budget: deps.aiBudget ? await deps.aiBudget.used() : null,
  };
}
