import type { GitHubActivity } from '../pipeline/contracts.ts';

/** "3.8 min", "45 s": the distance a reader can picture. */
export function humanDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = seconds / 60;
  return minutes < 10 ? `${minutes.toFixed(1).replace(/\.0$/, '')} min` : `${Math.round(minutes)} min`;
}

function what(activity: GitHubActivity): string {
  switch (activity.kind) {
    case 'commit':
      return 'pushed';
    case 'pull_request':
      return `pull request #${activity.number} ${activity.action}`;
    case 'issue':
      return `issue #${activity.number} ${activity.action}`;
    case 'release':
      return 'release published';
  }
}

/**
 * One readable sentence: when, where, and what the clip and the activity share. Only tokens
 * (`[a-z0-9]`) and names the pipeline validated appear in it, never free text from either side.
 */
export function reasonFor(
  activity: GitHubActivity,
  offsetMs: number,
  durationMs: number,
  shared: readonly string[],
  repositoryNamed: boolean,
): string {
  const when =
    offsetMs >= -durationMs && offsetMs <= 0
      ? 'during the clip'
      : `${humanDuration(offsetMs)} ${offsetMs > 0 ? 'after' : 'before'} the clip`;
  const parts = [`${what(activity)} ${when} in ${activity.repository}`];
  if (shared.length > 0) parts.push(`both mention ${shared.slice(0, 4).join(', ')}`);
  if (repositoryNamed) parts.push('the clip names the repository');
  if (shared.length === 0 && !repositoryNamed) parts.push('linked by time only');
  return parts.join('; ');
}
