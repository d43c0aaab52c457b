import type { RunRecord } from '../../store/runs/run-records.ts';

/** `runs`: one line per run, newest first. */
export function runsListText(runs: readonly RunRecord[]): string {
  if (runs.length === 0) return 'no runs recorded yet (npm run pipeline -- run --date YYYY-MM-DD records one)\n';
  const lines = runs.map((run) => {
    const period = run.period.start === run.period.end ? run.period.start : `${run.period.start}..${run.period.end}`;
    const pr = run.pull_requests[0];
    return [
      run.run_id,
      run.started_at.replace(/\.\d{3}Z$/, 'Z'),
      run.trigger.padEnd(14),
      period.padEnd(10),
      run.status.padEnd(9),
      `${run.items_seen} seen, ${run.transcribed} transcribed, ${run.matched} matched, ${run.ready} ready, ${run.failed} failed`,
      pr ? `PR ${pr.outcome}${pr.number === null ? '' : ` #${pr.number}`}` : 'no PR',
    ].join('  ');
  });
  return `${lines.join('\n')}\n`;
}

/** `runs --id`: the whole record. */
export function runText(run: RunRecord): string {
  const lines = [
    `run ${run.run_id} (${run.trigger}) ${run.status}`,
    `period: ${run.period.start}${run.period.end === run.period.start ? '' : ` .. ${run.period.end}`}`,
    `started ${run.started_at}, finished ${run.finished_at ?? '-'}`,
    `items: ${run.items_seen} seen, ${run.transcribed} transcribed, ${run.matched} matched, ${run.ready} ready, ${run.failed} failed`,
  ];
  for (const post of run.posts) lines.push(`post: ${JSON.stringify(post.title)} (judge ${post.verdict}) ${post.path}`);
  for (const pr of run.pull_requests)
    lines.push(`pull request: ${pr.outcome}${pr.number === null ? '' : ` #${pr.number}`}${pr.url ? ` ${pr.url}` : ''}`);
  if (run.notification) lines.push(`notification: ${run.notification.outcome} (${run.notification.channel})`);
  lines.push(
    run.ai_budget
      ? `AI budget: ${run.ai_budget.used_units} of ${run.ai_budget.limit_units} units used on ${run.ai_budget.day} (UTC)`
      : 'AI budget: not used (offline)',
  );
  for (const f of run.failures)
    lines.push(`failed: ${f.step}${f.content_item_id ? ` ${f.content_item_id}` : ''}: ${f.code}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}
