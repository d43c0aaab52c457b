import type { BudgetedTextModel } from '../ai/budgeted-text-model.ts';
import type { JsonGeneration } from '../ai/ports.ts';

/** Workers AI for the two text steps, each behind the daily budget; null everywhere means offline. */
export interface ModelAccess {
  writer: BudgetedTextModel;
  judge: BudgetedTextModel;
}

export type ModelAnswer = { ok: true; output: unknown } | { ok: false; reason: string };

/**
 * One budgeted call whose every failure is an answer with a reason a person can read, so the
 * caller falls back to the offline provider and records why in the post's provenance.
 */
export async function callModel(model: BudgetedTextModel | undefined, request: JsonGeneration): Promise<ModelAnswer> {
  if (model === undefined) return { ok: false, reason: 'offline' };
  const answer = await model.generateJson(request);
  if (answer.ok) return { ok: true, output: answer.output };
  return {
    ok: false,
    reason:
      answer.reason === 'over_budget' ? "today's Workers AI budget is used up" : `the model failed (${answer.code})`,
  };
}
