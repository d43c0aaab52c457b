import type { RunSummary } from './run-day.ts';

/** The run summary for a person: counts, then one line per item, then failures. */
export function humanSummary(summary: RunSummary): string {
  const lines = [
    `${summary.command} ${summary.date} (${summary.timezone}) in ${summary.duration_ms} ms, run ${summary.run_id}`,
    `sources: clips ${summary.sources.clips}, transcripts ${summary.sources.transcripts}, github ${summary.sources.github_user ?? 'none'}`,
  ];
  if (summary.clips) {
    const c = summary.clips;
    lines.push(
      `clips: ${c.fetched} fetched, ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.duplicates} duplicates, ${c.other_days} of other days`,
    );
  }
  if (summary.github)
    lines.push(`github: ${summary.github.kept} events kept, ${summary.github.changed} new or changed`);
  lines.push(
    `items (${summary.items.length}): ${
      Object.entries(summary.by_status)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ') || 'none'
    }`,
  );
  for (const item of summary.items) {
    const links = item.github_context
      ? item.github_context.commits.length +
        item.github_context.pull_requests.length +
        item.github_context.issues.length +
        item.github_context.releases.length
      : 0;
    const title = JSON.stringify(item.clip_title.slice(0, 60));
    lines.push(
      `  ${item.processing_status.padEnd(17)} ${(item.content_category ?? '-').padEnd(11)} score ${String(item.content_score ?? '-').padEnd(5)} links ${links}  ${title}`,
    );
  }
  if (summary.publish_status === 'skipped_empty') lines.push('post: none (no development clips in the period)');
  if (summary.post) {
    lines.push(
      `post: ${JSON.stringify(summary.post.title)} (${summary.post.type}, judge ${summary.post.verdict}, ${summary.post.ai_provider}${summary.post.fallback_reason ? `, fell back: ${summary.post.fallback_reason}` : ''})`,
      `      ${summary.post.path}`,
    );
  }
  if (summary.pull_request) {
    const pr = summary.pull_request;
    lines.push(
      `pull request: ${pr.outcome}${pr.number === null ? '' : ` #${pr.number}`}${pr.draft ? ' (draft)' : ''} on ${pr.branch} via ${pr.publisher}, ${pr.writes} writes${pr.url ? `\n      ${pr.url}` : ''}`,
    );
  }
  if (summary.notification) {
    const n = summary.notification;
    lines.push(`notification: ${n.outcome} (${n.channel}${n.message_id ? ` ${n.message_id}` : ''})`);
  }
  if (summary.post?.markdown) lines.push('', summary.post.markdown);
  for (const failure of summary.failures) {
    lines.push(
      `failed: ${failure.step}${failure.content_item_id ? ` ${failure.content_item_id}` : ''}: ${failure.code}: ${failure.message}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
