import { StreamlogError } from '../../../core/errors.ts';
import type { AiBudget } from '../ai/ports.ts';
import { estimateWhisperUnits } from '../ai/units.ts';
import type { RawTranscription, Transcriber, TranscriptionRequest } from '../ports.ts';

export interface BudgetedTranscriberOptions {
  /** Units reserved per call; default `estimateWhisperUnits()` (one minute of audio, the longest clip). */
  unitsPerCall?: number;
}

/**
 * Whisper behind the daily Workers AI budget: reserves the call's estimate before each
 * transcription. Over budget it throws the retryable `ai_budget_exhausted`, so the item fails with
 * that code and a later retry (after 00:00 UTC, when the budget resets) transcribes it, instead of
 * it failing for good. Wrap only the Workers AI transcribers; offline files cost nothing.
 */
export class BudgetedTranscriber implements Transcriber {
  readonly #inner: Transcriber;
  readonly #budget: AiBudget;
  readonly #units: number;

  constructor(inner: Transcriber, budget: AiBudget, options: BudgetedTranscriberOptions = {}) {
    this.#inner = inner;
    this.#budget = budget;
    this.#units = options.unitsPerCall ?? estimateWhisperUnits();
  }

  async transcribe(request: TranscriptionRequest): Promise<RawTranscription> {
    // Without media there is no Workers AI call to pay for; the inner transcriber says why.
    if (!request.audio.bytes) return this.#inner.transcribe(request);
    if (!(await this.#budget.reserve(this.#units))) {
      throw new StreamlogError(
        'ai_budget_exhausted',
        `today's Workers AI budget cannot cover transcribing clip ${request.clip_id} (${this.#units} units)`,
        { budget: 'workers_ai', units: this.#units, clip_id: request.clip_id },
      );
    }
    return this.#inner.transcribe(request);
  }
}
