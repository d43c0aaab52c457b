import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../fixtures/load.ts';
import type { RecordedRequest, ScriptedResponse } from './lib/protocol.ts';
import { ScriptedServer } from './lib/scripted-server.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from './workers-ai-credentials.ts';
import { AI_ERRORS, errorEnvelope, resultEnvelope, runPath, TEXT_MODEL } from './workers-ai-text.ts';

export { WORKERS_AI_TEST_CREDENTIALS };

const JSON_MODE_OUTPUT = join(import.meta.dirname, '../fixtures/workers-ai/llm-response-json-mode.json');
const WHISPER_PATH = runPath('@cf/openai/whisper-large-v3-turbo');
const TEXT_PATH = runPath(TEXT_MODEL);
const RUN_PREFIX = runPath('');
const MODELS_SEARCH = /^\/client\/v4\/accounts\/[^/]+\/ai\/models\/search$/;

/**
 * A local Workers AI REST API (`POST /client/v4/accounts/{id}/ai/run/{model}`), answering inside the
 * REST envelope `{result, success, errors, messages}`:
 * - Whisper: decodes the base64 `audio`, reads the clip id the fake Twitch media carries
 *   (`clip:<id>`) and answers that clip's recorded transcript. Audio it cannot attribute gets the
 *   documented 5006 invalid-input error.
 * - `@cf/meta/llama-3.1-8b-instruct` in JSON mode: checks `messages` and
 *   `response_format.type === 'json_schema'` (5006 otherwise) and answers the recorded JSON-mode
 *   output, whose `response` is an object. Other models under `/ai/run/` get 5007 (no such model).
 * Tests script errors (3040, 3036, 5007 envelopes from workers-ai-text.ts, 5xx, delays) per session.
 */
export function createWorkersAiServer(): ScriptedServer {
  return new ScriptedServer('workers-ai', (request) => {
    if (request.method === 'GET' && MODELS_SEARCH.test(request.path)) {
      // Model search, as `doctor --reach` asks it: a free read that needs the same token.
      if (request.headers.authorization !== `Bearer ${WORKERS_AI_TEST_CREDENTIALS.api_token}`)
        return { status: 401, body: errorEnvelope(10000, 'Authentication error') };
      if (!request.path.includes(`/accounts/${WORKERS_AI_TEST_CREDENTIALS.account_id}/`))
        return {
          status: 404,
          body: errorEnvelope(7003, 'Could not route to /accounts, perhaps your object identifier is invalid?'),
        };
      return {
        status: 200,
        body: {
          ...resultEnvelope([{ id: 'fixture-model', name: TEXT_MODEL, task: { name: 'Text Generation' } }]),
          result_info: { count: 1, page: 1, per_page: 1, total_count: 1 },
        },
      };
    }
    if (request.method !== 'POST' || !request.path.startsWith(RUN_PREFIX)) return undefined;
    if (request.headers.authorization !== `Bearer ${WORKERS_AI_TEST_CREDENTIALS.api_token}`) {
      return { status: 401, body: errorEnvelope(10000, 'Authentication error') };
    }
    if (request.path === TEXT_PATH) return textGeneration(request);
    if (request.path !== WHISPER_PATH) return AI_ERRORS.noSuchModel(request.path.slice(RUN_PREFIX.length));
    const input = JSON.parse(request.body) as { audio?: unknown };
    const audio = typeof input.audio === 'string' ? Buffer.from(input.audio, 'base64').toString('latin1') : '';
    const clipId = /clip:([A-Za-z0-9_-]+)/.exec(audio)?.[1];
    let result: unknown;
    try {
      result = clipId ? JSON.parse(readFileSync(fixturePath(`transcripts/${clipId}.json`), 'utf8')) : undefined;
    } catch {
      result = undefined;
    }
    if (result === undefined) return AI_ERRORS.invalidInput;
    return { status: 200, body: resultEnvelope(result) };
  });
}

/** Text generation in JSON mode, validated the way Workers AI validates its input. */
function textGeneration(request: RecordedRequest): ScriptedResponse {
  let input: unknown;
  try {
    input = JSON.parse(request.body);
  } catch {
    return AI_ERRORS.invalidInput;
  }
  const { messages, response_format: format } = (input ?? {}) as { messages?: unknown; response_format?: unknown };
  const validMessages =
    Array.isArray(messages) &&
    messages.length > 0 &&
    messages.every(
      (message: { role?: unknown; content?: unknown }) =>
        typeof message === 'object' &&
        message !== null &&
        ['system', 'user', 'assistant'].includes(String(message.role)) &&
        typeof message.content === 'string',
    );
  const jsonMode =
    typeof format === 'object' &&
    format !== null &&
    (format as { type?: unknown }).type === 'json_schema' &&
    typeof (format as { json_schema?: unknown }).json_schema === 'object';
  if (!validMessages || !jsonMode) return AI_ERRORS.invalidInput;
  return { status: 200, body: resultEnvelope(JSON.parse(readFileSync(JSON_MODE_OUTPUT, 'utf8'))) };
}
