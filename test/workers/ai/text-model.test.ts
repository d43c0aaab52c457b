import { env } from 'cloudflare:test';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { JsonGeneration } from '../../../pipeline/src/ai/ports.ts';
import { WorkersAiTextBinding } from '../../../pipeline/src/ai/workers-ai-text-binding.ts';
import { WorkersAiTextRest } from '../../../pipeline/src/ai/workers-ai-text-rest.ts';
import errors from '../../fixtures/workers-ai/errors.json';
import jsonRequest from '../../fixtures/workers-ai/llm-request-json-mode.json';
import plainResponse from '../../fixtures/workers-ai/llm-response.json';
import jsonModeResponse from '../../fixtures/workers-ai/llm-response-json-mode.json';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from '../../servers/workers-ai-credentials.ts';
import { AI_ERRORS, resultEnvelope, runPath, TEXT_MODEL } from '../../servers/workers-ai-text.ts';
import { failure } from '../helpers/failure.ts';

const ai = new ServerControl(env.WORKERS_AI_TEST_SERVER, crypto.randomUUID());
const TEXT = runPath(TEXT_MODEL);
const OUTLINE = jsonModeResponse.response;

const request: JsonGeneration = {
  messages: jsonRequest.messages as JsonGeneration['messages'],
  schema: jsonRequest.response_format.json_schema,
  max_tokens: jsonRequest.max_tokens,
};

/** Requests to exactly this path (`requests()` matches a prefix, and the typo model's path extends TEXT). */
async function calls(path: string) {
  return (await ai.requests(path)).filter((call) => call.path === path);
}

let waits: number[] = [];
const sleep = async (ms: number) => {
  waits.push(ms);
};

function rest(overrides: { apiToken?: string; timeoutMs?: number; model?: string; retries?: number } = {}) {
  return new WorkersAiTextRest({
    apiBaseUrl: `${ai.url}/client/v4`,
    accountId: WORKERS_AI_TEST_CREDENTIALS.account_id,
    apiToken: overrides.apiToken ?? WORKERS_AI_TEST_CREDENTIALS.api_token,
    model: overrides.model ?? TEXT_MODEL,
    fetch: (input, init) => fetch(input, init),
    timeoutMs: overrides.timeoutMs ?? 2000,
    retries: overrides.retries ?? 2,
    backoffMs: 100,
    sleep,
  });
}

beforeEach(async () => {
  waits = [];
  await ai.assertNoUnexpected();
  await ai.reset();
});

afterAll(() => ai.finish());

describe('Workers AI text in JSON mode over REST against a local Workers AI', () => {
  it('posts messages, max_tokens and a json_schema response_format with the token, and unwraps result.response (an object)', async () => {
    expect(await rest().generateJson(request)).toEqual(OUTLINE);
    const [call, ...more] = await calls(TEXT);
    expect(more).toEqual([]);
    expect(call?.method).toBe('POST');
    expect(call?.headers.authorization).toBe(`Bearer ${WORKERS_AI_TEST_CREDENTIALS.api_token}`);
    expect(call?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(call?.body ?? '{}')).toEqual({
      messages: jsonRequest.messages,
      max_tokens: 1500,
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: jsonRequest.response_format.json_schema },
    });
  });

  it('parses a response that comes back as a JSON string', async () => {
    await ai.script({ path: TEXT, response: { body: resultEnvelope({ response: JSON.stringify(OUTLINE) }) } });
    expect(await rest().generateJson(request)).toEqual(OUTLINE);
  });

  it('parses a JSON string inside a ```json fence', async () => {
    const fenced = `\`\`\`json\n${JSON.stringify(OUTLINE, null, 2)}\n\`\`\`\n`;
    await ai.script({ path: TEXT, response: { body: resultEnvelope({ response: fenced, usage: {} }) } });
    expect(await rest().generateJson(request)).toEqual(OUTLINE);
  });

  it('rejects prose, a JSON array and a missing response without retrying (the caller falls back)', async () => {
    await ai.script(
      { path: TEXT, response: { body: resultEnvelope(plainResponse) } },
      { path: TEXT, response: { body: resultEnvelope({ response: '[1, 2]' }) } },
      { path: TEXT, response: { body: resultEnvelope({ tool_calls: [] }) } },
    );
    for (const reason of ['not valid JSON', 'not an object', 'undefined']) {
      const error = await failure(rest().generateJson(request));
      expect(error).toMatchObject({ code: 'upstream_rejected', retryable: false });
      expect(error.message).toContain(reason);
      expect(error.message).not.toContain('Stripe');
    }
    expect(await calls(TEXT)).toHaveLength(3);
    expect(waits).toEqual([]);
  });

  it('retries a 3040 capacity error with backoff, then succeeds', async () => {
    await ai.script({ path: TEXT, times: 2, response: AI_ERRORS.capacity });
    expect(await rest().generateJson(request)).toEqual(OUTLINE);
    expect(await calls(TEXT)).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up on 5xx after the bounded retries', async () => {
    await ai.script({ path: TEXT, times: 5, response: { status: 502, body: 'bad gateway' } });
    expect(await failure(rest().generateJson(request))).toMatchObject({
      code: 'upstream_unavailable',
      retryable: true,
    });
    expect(await calls(TEXT)).toHaveLength(3);
  });

  it('does not retry 5007 (no such model), 5006 (invalid input) or 3036 (daily allocation)', async () => {
    const typo = '@cf/meta/llama-3.1-8b-instruct-typo';
    expect(await failure(rest({ model: typo }).generateJson(request))).toMatchObject({
      code: 'upstream_rejected',
      retryable: false,
      details: { ai_code: 5007 },
    });
    expect(await calls(runPath(typo))).toHaveLength(1);

    await ai.script({ path: TEXT, response: AI_ERRORS.invalidInput });
    expect(await failure(rest().generateJson(request))).toMatchObject({
      code: 'upstream_rejected',
      details: { ai_code: 5006 },
    });
    await ai.script({ path: TEXT, response: AI_ERRORS.dailyAllocation });
    expect(await failure(rest().generateJson(request))).toMatchObject({
      code: 'upstream_rate_limited',
      retryable: true,
      details: { ai_code: 3036 },
    });
    expect(await calls(TEXT)).toHaveLength(2);
    expect(waits).toEqual([]);
  });

  it('rejects a 200 that is not a success envelope and a 4xx with an unknown code, without retrying', async () => {
    await ai.script(
      { path: TEXT, response: { status: 200, body: '<html>maintenance</html>' } },
      {
        path: TEXT,
        response: { status: 400, body: { success: false, errors: [{ code: 7000, message: 'No route' }] } },
      },
    );
    expect(await failure(rest().generateJson(request))).toMatchObject({
      code: 'upstream_rejected',
      message: 'Workers AI answered 200: an answer without a result',
    });
    expect(await failure(rest().generateJson(request))).toMatchObject({
      code: 'upstream_rejected',
      details: { status: 400, ai_code: 7000 },
    });
    expect(await calls(TEXT)).toHaveLength(2);
    expect(waits).toEqual([]);
  });

  it('reports 401 and 403 as a configuration error, once', async () => {
    expect(await failure(rest({ apiToken: 'wrong' }).generateJson(request))).toMatchObject({
      code: 'configuration_error',
      retryable: false,
      details: { status: 401 },
    });
    await ai.script({
      path: TEXT,
      response: { status: 403, body: { success: false, errors: [{ code: 10000, message: 'Authentication error' }] } },
    });
    expect(await failure(rest().generateJson(request))).toMatchObject({
      code: 'configuration_error',
      details: { status: 403 },
    });
    expect(await calls(TEXT)).toHaveLength(2);
    expect(waits).toEqual([]);
  });

  it('times out each attempt and retries a bounded number of times', async () => {
    await ai.script({ path: TEXT, times: 2, response: { status: 200, delay_ms: 800, body: resultEnvelope({}) } });
    expect(await failure(rest({ timeoutMs: 150, retries: 1 }).generateJson(request))).toMatchObject({
      code: 'upstream_timeout',
      retryable: true,
    });
    expect(await calls(TEXT)).toHaveLength(2);
    expect(waits).toEqual([100]);
  });

  it('the local Workers AI answers 5006 to a request that is not in JSON mode', async () => {
    const response = await fetch(`${ai.url}${TEXT}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WORKERS_AI_TEST_CREDENTIALS.api_token}` },
      body: JSON.stringify({ messages: jsonRequest.messages, max_tokens: 10 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ success: false, errors: [{ code: 5006 }] });
  });

  it('refuses a model name that would reshape the URL', () => {
    expect(() => rest({ model: '@cf/meta/../../tokens?x=1' })).toThrow(/not a Workers AI model name/);
  });
});

describe('Workers AI text in JSON mode through the AI binding', () => {
  function fakeBinding(...answers: (unknown | Error)[]) {
    const runs: { model: string; input: Record<string, unknown> }[] = [];
    const binding = {
      async run(model: string, input: Record<string, unknown>): Promise<unknown> {
        runs.push({ model, input });
        const answer = answers.length > 1 ? answers.shift() : answers[0];
        if (answer instanceof Error) throw answer;
        return structuredClone(answer);
      },
    };
    return { binding, runs };
  }
  const model = (binding: { run(model: string, input: Record<string, unknown>): Promise<unknown> }) =>
    new WorkersAiTextBinding(binding, TEXT_MODEL, { backoffMs: 100, sleep });

  it('runs the model in JSON mode and returns the object response', async () => {
    const { binding, runs } = fakeBinding(jsonModeResponse);
    const adapter = model(binding);
    expect(adapter).toMatchObject({ kind: 'workers-ai-binding', model: TEXT_MODEL });
    expect(await adapter.generateJson(request)).toEqual(OUTLINE);
    expect(runs).toEqual([
      {
        model: TEXT_MODEL,
        input: {
          messages: jsonRequest.messages,
          max_tokens: 1500,
          temperature: 0,
          response_format: { type: 'json_schema', json_schema: jsonRequest.response_format.json_schema },
        },
      },
    ]);
  });

  it('parses a string response, fenced or not, and rejects prose', async () => {
    const asString = { ...jsonModeResponse, response: JSON.stringify(OUTLINE) };
    expect(await model(fakeBinding(asString).binding).generateJson(request)).toEqual(OUTLINE);
    const fenced = { ...jsonModeResponse, response: `\`\`\`\n${JSON.stringify(OUTLINE)}\n\`\`\`` };
    expect(await model(fakeBinding(fenced).binding).generateJson(request)).toEqual(OUTLINE);
    expect(await failure(model(fakeBinding(plainResponse).binding).generateJson(request))).toMatchObject({
      code: 'upstream_rejected',
      retryable: false,
    });
  });

  it('maps thrown "3040: …" to a retried outage and succeeds on the next try', async () => {
    const [capacity] = errors.binding_error_messages;
    const { binding, runs } = fakeBinding(new Error(capacity), jsonModeResponse);
    expect(await model(binding).generateJson(request)).toEqual(OUTLINE);
    expect(runs).toHaveLength(2);
    expect(waits).toEqual([100]);
  });

  it('stops after the bounded retries when capacity stays exceeded', async () => {
    const { binding, runs } = fakeBinding(new Error('3040: Capacity temporarily exceeded, please try again.'));
    expect(await failure(model(binding).generateJson(request))).toMatchObject({
      code: 'upstream_unavailable',
      retryable: true,
      details: { ai_code: 3040 },
    });
    expect(runs).toHaveLength(3);
  });

  it('maps 5007, 5006, 3036 and 3007 like the Whisper adapter and retries only the timeout', async () => {
    const expected = {
      '3036': { code: 'upstream_rate_limited', runs: 1 },
      '5007': { code: 'upstream_rejected', runs: 1 },
      '5006': { code: 'upstream_rejected', runs: 1 },
      '3007': { code: 'upstream_timeout', runs: 3 },
    } as const;
    for (const message of errors.binding_error_messages.slice(1)) {
      const aiCode = message.slice(0, 4) as keyof typeof expected;
      const { binding, runs } = fakeBinding(new Error(message));
      expect(await failure(model(binding).generateJson(request))).toMatchObject({
        code: expected[aiCode].code,
        details: { ai_code: Number(aiCode) },
      });
      expect(runs).toHaveLength(expected[aiCode].runs);
    }
  });
});
