import { WHISPER_LARGE_V3_TURBO } from '../../../core/transcripts/whisper.ts';
import { codeOfBindingError, workersAiError } from '../ai/workers-ai-errors.ts';
import type { RawTranscription, Transcriber, TranscriptionRequest } from '../ports.ts';
import { whisperInput } from './whisper-input.ts';

/** The slice of the Workers AI binding this transcriber uses. */
export interface AiBinding {
  run(model: string, input: Record<string, unknown>): Promise<unknown>;
}

/** Whisper through the Worker's AI binding (`env.AI.run`). */
export class WorkersAiBindingTranscriber implements Transcriber {
  readonly #ai: AiBinding;

  constructor(ai: AiBinding) {
    this.#ai = ai;
  }

  async transcribe(request: TranscriptionRequest): Promise<RawTranscription> {
    let output: unknown;
    try {
      output = await this.#ai.run(WHISPER_LARGE_V3_TURBO, whisperInput(request));
    } catch (error) {
      const { code, message } = codeOfBindingError(error);
      throw workersAiError(code, message);
    }
    return { output, model: WHISPER_LARGE_V3_TURBO, source: 'workers-ai-binding', vad_filter: true };
  }
}
