import { StreamlogError } from '../../../core/errors.ts';
import { WHISPER_LARGE_V3_TURBO } from '../../../core/transcripts/whisper.ts';
import type { RawTranscription, Transcriber, TranscriptionRequest } from '../ports.ts';

/** Reads the Whisper-shaped JSON stored for a clip, or null when there is none. */
export type WhisperFileLookup = (clipId: string) => Promise<unknown | null>;

/**
 * The offline transcriber: Whisper-shaped `<clip_id>.json` files (`TRANSCRIPTS_DIR` from the CLI,
 * the bundled sample transcripts in the Worker). A clip without a file has not been transcribed
 * yet, which is a retryable `audio_unavailable`, not an empty transcript.
 */
export class WhisperFileTranscriber implements Transcriber {
  readonly #lookup: WhisperFileLookup;

  constructor(lookup: WhisperFileLookup) {
    this.#lookup = lookup;
  }

  async transcribe(request: TranscriptionRequest): Promise<RawTranscription> {
    const output = await this.#lookup(request.clip_id);
    if (output === null) {
      throw new StreamlogError('audio_unavailable', `no transcript file for clip ${request.clip_id}`, {
        clip_id: request.clip_id,
      });
    }
    return { output, model: WHISPER_LARGE_V3_TURBO, source: 'offline-file', vad_filter: true };
  }
}
