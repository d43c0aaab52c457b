import type { GroundingCheck } from '../judge/grounding.ts';
import { citedLinks, linksOf, type PostFacts } from '../posts/facts.ts';
import { isAllowedLink } from '../posts/link-policy.ts';
import { shortRepo } from '../posts/prose.ts';
import { markdownText } from '../posts/untrusted-text.ts';
import type { JudgeVerdict } from '../schemas/post.ts';
import { fingerprintMarker } from './bundle.ts';

/** GitHub refuses PR bodies of 65,536 characters or more. */
export const MAX_PR_BODY = 65_535;

export interface PrBodyInput {
  facts: PostFacts;
  title: string;
  description: string;
  verdict: JudgeVerdict;
  checks: readonly GroundingCheck[];
  postPath: string;
  itemPaths: readonly string[];
  provider: { ai_provider: 'workers-ai' | 'offline'; fallback_reason: string | null; pipeline_version: string };
  fingerprint: string;
}

/**
 * The reviewer's page: the judge's verdict and reasons, every clip with its score and match
 * reasons, time-only neighbours kept apart, and the files. Untrusted text is escaped and cannot
 * mention anyone. Always under GitHub's limit, with the fingerprint marker last.
 */
export function prBody(input: PrBodyInput): string {
  const { facts, verdict } = input;
  const lines: string[] = [
    `**${prText(input.title, 200)}**`,
    '',
    prText(input.description, 400),
    '',
    `### Judge: ${verdict.verdict} (confidence ${verdict.confidence})`,
    '',
    `coherence ${verdict.scores.coherence} · correctness ${verdict.scores.correctness} · developer signal ${verdict.scores.developer_signal} · safety ${verdict.scores.safety}`,
    '',
  ];
  for (const note of verdict.notes) lines.push(`- ${prText(note, 300)}`);
  const failed = input.checks.filter((c) => !c.ok);
  lines.push(
    '',
    failed.length === 0
      ? `Grounding: all ${input.checks.length} checks passed (links allowed, citations grounded, no raw HTML, front matter valid, no placeholders, no empty sections, no quoted instructions).`
      : `Grounding: ${failed.length} of ${input.checks.length} checks failed: ${failed.map((c) => c.name).join(', ')}.`,
    '',
    `### Clips (${facts.featured.length})`,
    '',
  );
  for (const item of facts.featured) {
    const title = prText(item.clip_title, 120);
    const clip = isAllowedLink(item.clip_url, facts.site_url) ? `[${title}](${item.clip_url})` : title;
    lines.push(`- ${clip}: ${item.content_category ?? 'uncategorised'}, score ${item.content_score ?? 0}`);
    for (const link of linksOf(item.github_context)) {
      lines.push(
        `  - ${link.kind.replace('_', ' ')} ${prText(link.ref, 60)} in ${prText(shortRepo(link.repository), 100)} (confidence ${link.confidence}): ${prText(link.reason, 300)}`,
      );
    }
  }
  const nearby = facts.featured.flatMap((item) => nearbyOf(item.github_context));
  if (nearby.length > 0) {
    lines.push(
      '',
      '### Nearby, not linked',
      '',
      'Activity close in time but with nothing else in common with a clip. Not cited in the post.',
      '',
    );
    for (const entry of nearby.slice(0, 50)) lines.push(`- ${prText(entry.label, 120)}: ${prText(entry.reason, 300)}`);
  }
  lines.push(
    '',
    `### Files`,
    '',
    `- \`${input.postPath}\``,
    `- ${input.itemPaths.length} item file(s) under \`content/items/\``,
  );
  const provider =
    input.provider.ai_provider === 'offline'
      ? `the offline provider${input.provider.fallback_reason ? ` (fell back from Workers AI: ${prText(input.provider.fallback_reason, 200)})` : ''}`
      : 'Workers AI';
  lines.push(
    '',
    `Written and judged by Streamlog ${prText(input.provider.pipeline_version, 40)} with ${provider}, from ${citedLinks(facts.featured).length} linked GitHub event(s). Merging publishes the post; closing the PR keeps it off the blog and the pipeline will not reopen it.`,
  );
  const marker = `\n\n${fingerprintMarker(input.fingerprint)}\n`;
  let body = lines.join('\n');
  if (body.length + marker.length > MAX_PR_BODY)
    body = `${body.slice(0, MAX_PR_BODY - marker.length - 40)}\n\n…(truncated)`;
  return `${body}${marker}`;
}

/** Escaped text that also cannot mention a GitHub user or team. */
export function prText(text: string, max: number): string {
  return markdownText(text, max).replaceAll('@', '@\u200b');
}

export interface NearbyEntry {
  label: string;
  reason: string;
}

/** Time-only neighbours the matcher kept apart (`github_context.nearby`), read defensively. */
export function nearbyOf(context: unknown): NearbyEntry[] {
  if (typeof context !== 'object' || context === null || !('nearby' in context)) return [];
  const nearby = (context as { nearby: unknown }).nearby;
  if (!Array.isArray(nearby)) return [];
  return nearby.flatMap((entry) =>
    typeof entry === 'object' && entry !== null && typeof entry.label === 'string' && typeof entry.reason === 'string'
      ? [{ label: entry.label, reason: entry.reason }]
      : [],
  );
}
