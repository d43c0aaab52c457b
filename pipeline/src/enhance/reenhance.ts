import type { GitHubActivity } from '../../../core/pipeline/contracts.ts';
import type { PipelineDeps } from '../ports.ts';
import { enhanceAndScore } from './enhance-item.ts';
import { MATCH_AFTER_MS, MATCH_BEFORE_MS } from './match-window.ts';

export type ReenhanceDeps = Pick<PipelineDeps, 'config' | 'clock' | 'githubActivity' | 'items' | 'clipDetails' | 'log'>;

/** Statuses whose item already went through matching once; earlier ones will be matched when they get there. */
const MATCHED_STATUSES = new Set(['transcribed', 'enhanced', 'ready_for_content']);

/**
 * Re-runs matching and scoring for the items that new or changed activity can touch: clips whose
 * matching window contains the activity. Returns the ids re-enhanced. Events arrive up to hours late
 * (Events API latency, webhook redelivery), so this is how a post learns about a late push.
 */
export async function reenhanceAffected(deps: ReenhanceDeps, changed: readonly GitHubActivity[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const window of windowsAround(changed)) {
    for (const id of await deps.clipDetails.itemsInWindow(window.startMs, window.endMs)) ids.add(id);
  }
  const done: string[] = [];
  for (const id of [...ids].sort()) {
    const item = await deps.items.get(id);
    if (!item || !MATCHED_STATUSES.has(item.processing_status)) continue;
    const facts = await deps.clipDetails.timingFor(id);
    if (!facts) continue;
    const after = await enhanceAndScore(deps, item, facts.timing, facts.details);
    if (after !== item) done.push(id);
  }
  if (done.length > 0) deps.log.info('late github activity re-enhanced items', { items: done.length });
  return done;
}

/**
 * Activity at time t touches clips whose content lies in `[t - after, t + before]`; overlapping
 * spans are merged so a burst of commits costs one range query.
 */
export function windowsAround(activity: readonly GitHubActivity[]): { startMs: number; endMs: number }[] {
  const spans = activity
    .map((entry) => Date.parse(entry.occurred_at))
    .filter(Number.isFinite)
    .sort((a, b) => a - b)
    .map((t) => ({ startMs: t - MATCH_AFTER_MS, endMs: t + MATCH_BEFORE_MS + 1 }));
  const merged: { startMs: number; endMs: number }[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else merged.push({ ...span });
  }
  return merged;
}
