import { type ErrorCodeName, isStreamlogError } from '../../../core/errors.ts';
import type { AiBudget, JsonGeneration, TextModel } from './ports.ts';
import { estimateUnits } from './units.ts';

/**
 * What a budgeted generation gives the caller. On `ok: false` the caller falls back to the offline
 * provider and records `reason` and `code` in the post's provenance.
 */
export type BudgetedGeneration =
  /** `output` is the model's parsed JSON object: untrusted, to be validated by the caller (zod). */
  | { ok: true; output: unknown; model: string; units: number }
  | {
      ok: false;
      /** `over_budget`: the day's budget could not cover the estimate; the model was not called. */
      reason: 'over_budget';
      code: 'ai_budget_exhausted';
      model: string;
      units: number;
    }
  | {
      ok: false;
      /** `model_failed`: the model was called (and its units reserved) but failed or broke JSON mode. */
      reason: 'model_failed';
      code: ErrorCodeName;
      /** Whether the same call might succeed later (capacity, timeouts) or never will (5007, bad JSON). */
      retryable: boolean;
      message: string;
      model: string;
      units: number;
    };

export interface BudgetedTextModelOptions {
  /** How many units a request may cost; default `estimateUnits(model.model, request)`. */
  estimate?: (request: JsonGeneration) => number;
}

/**
 * A text model behind the daily budget: each `generateJson` first reserves its estimated units
 * (`AiBudget.reserve`, atomic in D1) and only then calls the model. Model failures come back as
 * values, not exceptions, so the caller's fallback is explicit; failures of the budget store itself
 * (D1 down) and programming errors still throw.
 */
export class BudgetedTextModel {
  readonly #model: TextModel;
  readonly #budget: AiBudget;
  readonly #estimate: (request: JsonGeneration) => number;

  constructor(model: TextModel, budget: AiBudget, options: BudgetedTextModelOptions = {}) {
    this.#model = model;
    this.#budget = budget;
    this.#estimate = options.estimate ?? ((request) => estimateUnits(model.model, request));
  }

  get model(): string {
    return this.#model.model;
  }

  get kind(): TextModel['kind'] {
    return this.#model.kind;
  }

  async generateJson(request: JsonGeneration): Promise<BudgetedGeneration> {
    const model = this.#model.model;
    const units = this.#estimate(request);
    if (!(await this.#budget.reserve(units))) {
      return { ok: false, reason: 'over_budget', code: 'ai_budget_exhausted', model, units };
    }
    try {
      const output = await this.#model.generateJson(request);
      return { ok: true, output, model, units };
    } catch (error) {
      if (!isStreamlogError(error)) throw error;
      return {
        ok: false,
        reason: 'model_failed',
        code: error.code,
        retryable: error.retryable,
        message: error.message,
        model,
        units,
      };
    }
  }
}
