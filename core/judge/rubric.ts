import { citedLinks, type PostFacts } from '../posts/facts.ts';
import type { JudgeVerdict } from '../schemas/post.ts';
import type { GroundingCheck } from './grounding.ts';

export type RubricScores = JudgeVerdict['scores'];

/**
 * The offline judge's rubric, from the facts and the grounding checks alone (deterministic):
 * - coherence: a lead, sections that each have a clip, a title that is not a date;
 * - correctness: the share of grounding checks that hold (any failure also fails the verdict);
 * - developer_signal: how much of the post is backed by linked GitHub work and technical speech;
 * - safety: no disallowed link, no raw HTML, no quoted steering.
 */
export function offlineRubric(facts: PostFacts, title: string, checks: readonly GroundingCheck[]): RubricScores {
  const passed = checks.filter((c) => c.ok).length / Math.max(1, checks.length);
  const featured = facts.featured.length;
  const withLinks = facts.featured.filter((item) => citedLinks([item]).length > 0).length;
  const withWords = facts.featured.filter((item) => (item.transcript?.text ?? '').split(/\s+/).length >= 20).length;
  const genericTitle = /^(stream recap|recap|daily recap|untitled)\b|^\d{4}-\d{2}-\d{2}$/i.test(title.trim());
  const safetyFailed = checks.some((c) => !c.ok && ['links_allowed', 'no_raw_html', 'no_steering'].includes(c.name));
  return {
    coherence: round(featured === 0 ? 0 : (genericTitle ? 0.5 : 0.85) + (withWords === featured ? 0.1 : 0)),
    correctness: round(passed),
    developer_signal: round(
      featured === 0 ? 0 : 0.4 + 0.4 * (withLinks / featured) + 0.15 * Math.min(1, withWords / featured),
    ),
    safety: safetyFailed ? 0 : 1,
  };
}

/**
 * The verdict: any failed grounding check fails the post; otherwise the weakest rubric score
 * decides (pass ≥ 0.7, polish ≥ 0.5). A model's scores can lower the verdict, never raise it past
 * the deterministic checks.
 */
export function verdictFrom(
  scores: RubricScores,
  checks: readonly GroundingCheck[],
  confidence: number,
  notes: string[],
): JudgeVerdict {
  const failed = checks.filter((c) => !c.ok);
  const weakest = Math.min(scores.coherence, scores.correctness, scores.developer_signal, scores.safety);
  const verdict =
    failed.length > 0 || scores.safety < 0.8 ? 'fail' : weakest >= 0.7 ? 'pass' : weakest >= 0.5 ? 'polish' : 'fail';
  return {
    verdict,
    confidence: round(confidence),
    scores,
    notes: [...failed.map((c) => `${c.name}: ${c.detail}`), ...notes].slice(0, 20).map((n) => n.slice(0, 500)),
  };
}

/** The lower of two rubric scores per criterion: a second opinion can only be stricter. */
export function strictest(a: RubricScores, b: RubricScores): RubricScores {
  return {
    coherence: Math.min(a.coherence, b.coherence),
    correctness: Math.min(a.correctness, b.correctness),
    developer_signal: Math.min(a.developer_signal, b.developer_signal),
    safety: Math.min(a.safety, b.safety),
  };
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
