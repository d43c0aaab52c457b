import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScriptedServer } from './lib/scripted-server.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from './workers-ai-credentials.ts';

export { WORKERS_AI_TEST_CREDENTIALS };

const TRANSCRIPTS = join(import.meta.dirname, '../fixtures/transcripts');
const WHISPER_PATH = `/client/v4/accounts/${WORKERS_AI_TEST_CREDENTIALS.account_id}/ai/run/@cf/openai/whisper-large-v3-turbo`;

/**
 * A local Workers AI REST API (`POST /client/v4/accounts/{id}/ai/run/{model}`) for Whisper. It
 * decodes the base64 `audio`, reads the clip id the fake Twitch media carries (`clip:<id>`) and
 * answers that clip's recorded transcript inside the REST envelope `{result, success, errors,
 * messages}`. Audio it cannot attribute gets the documented 5006 invalid-input error.
 */
export function createWorkersAiServer(): ScriptedServer {
  return new ScriptedServer('workers-ai', (request) => {
    if (request.method !== 'POST' || request.path !== WHISPER_PATH) return undefined;
    if (request.headers.authorization !== `Bearer ${WORKERS_AI_TEST_CREDENTIALS.api_token}`) {
      return {
        status: 401,
        body: {
          result: null,
          success: false,
          errors: [{ code: 10000, message: 'Authentication error' }],
          messages: [],
        },
      };
    }
    const input = JSON.parse(request.body) as { audio?: unknown };
    const audio = typeof input.audio === 'string' ? Buffer.from(input.audio, 'base64').toString('latin1') : '';
    const clipId = /clip:([A-Za-z0-9_-]+)/.exec(audio)?.[1];
    let result: unknown;
    try {
      result = clipId ? JSON.parse(readFileSync(join(TRANSCRIPTS, `${clipId}.json`), 'utf8')) : undefined;
    } catch {
      result = undefined;
    }
    if (result === undefined) {
      return {
        status: 400,
        body: { result: null, success: false, errors: [{ code: 5006, message: 'Invalid input' }], messages: [] },
      };
    }
    return { status: 200, body: { result, success: true, errors: [], messages: [] } };
  });
}
