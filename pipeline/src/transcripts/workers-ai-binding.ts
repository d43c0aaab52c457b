import { toBase64 } from '../../../core/encoding/base64.ts';
import { StreamlogError } from '../../../core/errors.ts';
import { WHISPER_LARGE_V3_TURBO } from '../../../core/transcripts/whisper.ts';
import { codeOfBindingError, workersAiError } from '../ai/workers-ai-errors.ts';
import type { RawTranscription, Transcriber, TranscriptionRequest } from '../ports.ts';

/** The slice of the Workers AI binding this transcriber uses. */
export interface AiBinding {
  run(model: string, input: Record<string, unknown>): Promise<unknown>;
}

/**
 * Whisper through the Worker's AI binding (`env.AI.run`). `vad_filter` drops silence before
 * decoding, which is what keeps "Thank you." off silent clips in the first place; the
 * hallucination filter in core/transcripts/whisper.ts catches what slips through.
 */
export class WorkersAiBindingTranscriber implements Transcriber {
  readonly #ai: AiBinding;

  constructor(ai: AiBinding) {
    this.#ai = ai;
  }

  async transcribe(request: TranscriptionRequest): Promise<RawTranscription> {
    if (!request.audio.bytes) {
      throw new StreamlogError('audio_unavailable', `no audio bytes for clip ${request.clip_id}`, {
        clip_id: request.clip_id,
      });
    }
    let output: unknown;
    try {
      output = await this.#ai.run(WHISPER_LARGE_V3_TURBO, {
        audio: toBase64(request.audio.bytes),
        task: 'transcribe',
        vad_filter: true,
      });
    } catch (error) {
      const { code, message } = codeOfBindingError(error);
      throw workersAiError(code, message);
    }
    return { output, model: WHISPER_LARGE_V3_TURBO, source: 'workers-ai-binding', vad_filter: true };
  }
}
