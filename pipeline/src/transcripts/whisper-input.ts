import { toBase64 } from '../../../core/encoding/base64.ts';
import { StreamlogError } from '../../../core/errors.ts';
import type { TranscriptionRequest } from '../ports.ts';

/**
 * What both Workers AI transcribers (binding and REST) send Whisper: the clip audio in base64 and
 * `vad_filter`, which drops silence before decoding; that is what keeps "Thank you." off silent
 * clips in the first place (the hallucination filter in core/transcripts/whisper.ts catches the rest).
 */
export function whisperInput(request: TranscriptionRequest): { audio: string; task: 'transcribe'; vad_filter: true } {
  if (!request.audio.bytes) {
    throw new StreamlogError('audio_unavailable', `no audio bytes for clip ${request.clip_id}`, {
      clip_id: request.clip_id,
    });
  }
  return { audio: toBase64(request.audio.bytes), task: 'transcribe', vad_filter: true };
}
