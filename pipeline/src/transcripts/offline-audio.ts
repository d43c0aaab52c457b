import type { AudioSource, ClipAudio } from '../ports.ts';

/**
 * No media at all: offline, transcripts come from Whisper-shaped files keyed by clip id, so the
 * audio step only records which clip's transcript file stands in for the audio.
 */
export class OfflineAudio implements AudioSource {
  async audioFor(clipId: string): Promise<ClipAudio> {
    return { ref: `offline:${clipId}` };
  }
}
