import { isStreamlogError } from '../../../core/errors.ts';
import type { AiBudget, JsonGeneration, TextModel } from '../ai/ports.ts';

/** A text model with its budget, or nothing (offline). */
export interface ModelAccess {
  model: TextModel;
  budget: AiBudget;
  /** Units to reserve for one request (errs high). */
  estimate(request: JsonGeneration): number;
}

export type ModelAnswer = { ok: true; output: unknown } | { ok: false; reason: string };

/**
 * One budgeted model call: reserve first, then call; every failure is an answer, not a throw, so
 * the caller falls back to the offline provider and records why.
 */
export async function callModel(access: ModelAccess | null, request: JsonGeneration): Promise<ModelAnswer> {
  if (access === null) return { ok: false, reason: 'offline' };
  if (!(await access.budget.reserve(access.estimate(request))))
    return { ok: false, reason: "today's Workers AI budget is used up" };
  try {
    return { ok: true, output: await access.model.generateJson(request) };
  } catch (error) {
    return { ok: false, reason: `the model failed (${isStreamlogError(error) ? error.code : 'error'})` };
  }
}
