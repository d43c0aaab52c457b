import type { AiBinding } from '../transcripts/workers-ai-binding.ts';
import type { JsonGeneration, TextModel } from './ports.ts';
import { jsonFromTextOutput, jsonModeInput, type RetryPolicy, withRetries } from './text-json.ts';
import { bindingError } from './workers-ai-errors.ts';

export type { AiBinding };

export interface WorkersAiTextBindingOptions extends RetryPolicy {
  /** Sampling temperature (default 0: the same facts give the same answer). */
  temperature?: number;
}

/**
 * A text model in JSON mode through the Worker's AI binding:
 * `env.AI.run(model, { messages, max_tokens, temperature, response_format: { type: 'json_schema', json_schema } })`.
 * The binding answers the output directly (no REST envelope). Thrown `Error("3040: …")` and friends
 * become our errors (workers-ai-errors.ts); capacity errors and timeouts are retried a bounded number
 * of times, everything else is thrown at once.
 */
export class WorkersAiTextBinding implements TextModel {
  readonly kind = 'workers-ai-binding' as const;
  readonly model: string;
  readonly #ai: AiBinding;
  readonly #options: WorkersAiTextBindingOptions;

  constructor(ai: AiBinding, model: string, options: WorkersAiTextBindingOptions = {}) {
    this.#ai = ai;
    this.model = model;
    this.#options = options;
  }

  async generateJson(request: JsonGeneration): Promise<Record<string, unknown>> {
    const input = jsonModeInput(request, this.#options.temperature ?? 0);
    const output = await withRetries(async () => {
      try {
        return await this.#ai.run(this.model, input);
      } catch (error) {
        throw bindingError(error);
      }
    }, this.#options);
    return jsonFromTextOutput(output, this.model);
  }
}
