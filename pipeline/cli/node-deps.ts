import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamlogError } from '../../core/errors.ts';
import { SafeId } from '../../core/schemas/common.ts';
import { systemClock } from '../../store/system-clock.ts';
import type { PipelineSettings } from '../src/config.ts';
import { buildPipelineDeps } from '../src/deps.ts';
import type { Logger, PipelineDeps } from '../src/ports.ts';
import type { Publisher } from '../src/publish/ports.ts';
import type { WhisperFileLookup } from '../src/transcripts/whisper-files.ts';
import type { InlineQueue } from './inline-queue.ts';
import type { LocalBindings } from './local-platform.ts';

/** Progress on stderr, one line each, so stdout stays clean for `--json`. */
export const stderrLogger: Logger = {
  info: (message, meta = {}) => process.stderr.write(`streamlog: ${message}${metaText(meta)}\n`),
  warn: (message, meta = {}) => process.stderr.write(`streamlog: warning: ${message}${metaText(meta)}\n`),
  error: (message, meta = {}) => process.stderr.write(`streamlog: error: ${message}${metaText(meta)}\n`),
};

function metaText(meta: Record<string, unknown>): string {
  return Object.keys(meta).length === 0 ? '' : ` ${JSON.stringify(meta)}`;
}

/** Whisper-shaped `<clip_id>.json` files in `dir`; a missing file means "not transcribed yet". */
export function transcriptFiles(dir: string): WhisperFileLookup {
  return async (clipId) => {
    // Clip ids are path-safe by schema; refuse anything else rather than build a path from it.
    if (!SafeId.safeParse(clipId).success) return null;
    const path = join(dir, `${clipId}.json`);
    if (!existsSync(path)) return null;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch {
      throw new StreamlogError('validation_failed', `transcript file ${path} is not JSON`, { clip_id: clipId });
    }
  };
}

/** The pipeline's deps in Node: local D1/R2 through wrangler, the in-process queue, REST Whisper or files. */
export function nodeDeps(
  settings: PipelineSettings,
  bindings: LocalBindings,
  queue: InlineQueue,
  defaultTranscriptsDir: string,
  localPublisher?: Publisher,
  log: Logger = stderrLogger,
): PipelineDeps {
  const dir = settings.transcriptsDir ?? defaultTranscriptsDir;
  if (settings.aiProvider === 'offline' && !existsSync(dir)) {
    throw new StreamlogError('configuration_error', `TRANSCRIPTS_DIR "${dir}" does not exist`);
  }
  return buildPipelineDeps(settings, {
    db: bindings.DB,
    bucket: bindings.ARTIFACTS,
    queue,
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    log,
    ai: null,
    transcriptFiles: transcriptFiles(dir),
    ...(localPublisher ? { localPublisher } : {}),
  });
}
