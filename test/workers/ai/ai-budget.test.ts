import { env } from 'cloudflare:test';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BudgetedTextModel } from '../../../pipeline/src/ai/budgeted-text-model.ts';
import type { JsonGeneration } from '../../../pipeline/src/ai/ports.ts';
import { estimateUnits, estimateWhisperUnits } from '../../../pipeline/src/ai/units.ts';
import { WorkersAiTextRest } from '../../../pipeline/src/ai/workers-ai-text-rest.ts';
import type { Transcriber } from '../../../pipeline/src/ports.ts';
import { BudgetedTranscriber } from '../../../pipeline/src/transcripts/budgeted-transcriber.ts';
import { WorkersAiRestTranscriber } from '../../../pipeline/src/transcripts/workers-ai-rest.ts';
import { D1AiBudget } from '../../../store/budgets/ai-budget.ts';
import jsonRequest from '../../fixtures/workers-ai/llm-request-json-mode.json';
import jsonModeResponse from '../../fixtures/workers-ai/llm-response-json-mode.json';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { fakeClipMedia } from '../../servers/twitch-credentials.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from '../../servers/workers-ai-credentials.ts';
import { AI_ERRORS, runPath, TEXT_MODEL } from '../../servers/workers-ai-text.ts';
import { failure } from '../helpers/failure.ts';

const ai = new ServerControl(env.WORKERS_AI_TEST_SERVER, crypto.randomUUID());
const TEXT = runPath(TEXT_MODEL);
const WHISPER = runPath('@cf/openai/whisper-large-v3-turbo');

const request: JsonGeneration = {
  messages: jsonRequest.messages as JsonGeneration['messages'],
  schema: jsonRequest.response_format.json_schema,
  max_tokens: jsonRequest.max_tokens,
};

/** A clock the test moves; every test starts on its own day so rows never collide. */
function clockAt(iso: string) {
  const state = { now: new Date(iso) };
  return { state, now: () => state.now, sleep: async () => {} };
}

async function row(day: string) {
  return env.DB.prepare('SELECT * FROM budgets WHERE budget = ?1 AND day = ?2').bind('workers_ai', day).first();
}

const restText = () =>
  new WorkersAiTextRest({
    apiBaseUrl: `${ai.url}/client/v4`,
    accountId: WORKERS_AI_TEST_CREDENTIALS.account_id,
    apiToken: WORKERS_AI_TEST_CREDENTIALS.api_token,
    model: TEXT_MODEL,
    fetch: (input, init) => fetch(input, init),
    timeoutMs: 2000,
    retries: 0,
  });

beforeEach(async () => {
  await ai.reset();
});

afterAll(() => ai.finish());

describe('D1AiBudget: the daily Workers AI budget in D1', () => {
  it('reserves until the limit, then refuses without taking anything', async () => {
    const clock = clockAt('2031-03-01T12:00:00Z');
    const budget = new D1AiBudget(env.DB, { dailyLimit: 100, clock });
    expect(await budget.reserve(30)).toBe(true);
    expect(await budget.reserve(30)).toBe(true);
    expect(await budget.reserve(30)).toBe(true);
    expect(await budget.reserve(30)).toBe(false);
    expect(await budget.used()).toEqual({ day: '2031-03-01', limit_units: 100, used_units: 90 });
    expect(await row('2031-03-01')).toMatchObject({
      limit_units: 100,
      used_units: 90,
      updated_ms: Date.parse('2031-03-01T12:00:00Z'),
    });
  });

  it('accepts a reservation that lands exactly on the limit and nothing after it', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 100, clock: clockAt('2031-03-02T08:00:00Z') });
    expect(await budget.reserve(60)).toBe(true);
    expect(await budget.reserve(40)).toBe(true);
    expect(await budget.reserve(1)).toBe(false);
    expect(await budget.reserve(0.5)).toBe(false);
    expect((await budget.used()).used_units).toBe(100);
  });

  it('refuses a first reservation larger than the whole day and leaves no row behind', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 100, clock: clockAt('2031-03-03T08:00:00Z') });
    expect(await budget.reserve(101)).toBe(false);
    expect(await row('2031-03-03')).toBeNull();
    expect(await budget.used()).toEqual({ day: '2031-03-03', limit_units: 100, used_units: 0 });
    expect(await budget.reserve(100)).toBe(true);
  });

  it('never overruns under 50 concurrent reservations', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 1000, clock: clockAt('2031-03-04T08:00:00Z') });
    const results = await Promise.all(Array.from({ length: 50 }, () => budget.reserve(47)));
    const granted = results.filter(Boolean).length;
    const { used_units } = await budget.used();
    expect(used_units).toBeLessThanOrEqual(1000);
    expect(granted).toBe(Math.floor(1000 / 47));
    expect(used_units).toBe(granted * 47);
  });

  it('starts afresh on the next UTC day, whatever the local time zone', async () => {
    const clock = clockAt('2031-03-05T23:59:59.999Z');
    const budget = new D1AiBudget(env.DB, { dailyLimit: 50, clock });
    expect(await budget.reserve(50)).toBe(true);
    expect(await budget.reserve(1)).toBe(false);
    clock.state.now = new Date('2031-03-06T00:00:00Z');
    expect(budget.today()).toBe('2031-03-06');
    expect(await budget.reserve(50)).toBe(true);
    expect(await budget.used('2031-03-05')).toMatchObject({ used_units: 50 });
    expect(await budget.used('2031-03-06')).toMatchObject({ used_units: 50 });
  });

  it('lets a raised AI_DAILY_BUDGET take effect the same day', async () => {
    const clock = clockAt('2031-03-07T10:00:00Z');
    expect(await new D1AiBudget(env.DB, { dailyLimit: 10, clock }).reserve(10)).toBe(true);
    const raised = new D1AiBudget(env.DB, { dailyLimit: 25, clock });
    expect(await raised.reserve(15)).toBe(true);
    expect(await raised.used()).toEqual({ day: '2031-03-07', limit_units: 25, used_units: 25 });
  });

  it('rejects negative or non-finite reservations and limits', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 10, clock: clockAt('2031-03-08T10:00:00Z') });
    expect(await failure(budget.reserve(-1))).toMatchObject({ code: 'validation_failed' });
    expect(await failure(budget.reserve(Number.NaN))).toMatchObject({ code: 'validation_failed' });
    expect(() => new D1AiBudget(env.DB, { dailyLimit: -5 })).toThrow(/≥ 0/);
    expect(await row('2031-03-08')).toBeNull();
  });
});

describe('unit estimates', () => {
  it('charges a JSON-mode call by prompt characters / 3 and the full max_tokens at the model rate', () => {
    const prompt: JsonGeneration = {
      messages: [{ role: 'user', content: 'x'.repeat(2998) }],
      schema: {},
      max_tokens: 1000,
    };
    // (2998 + 2 schema chars) / 3 + 8 = 1008 input tokens; 1000 output tokens.
    const expected = Math.ceil((1008 * 25_608 + 1000 * 75_147) / 1_000_000);
    expect(estimateUnits(TEXT_MODEL, prompt)).toBe(expected);
    expect(estimateUnits('@cf/some/new-model', prompt)).toBeGreaterThan(expected);
  });

  it('errs high: more than the same call billed at ~4 characters per token with every output token used', () => {
    const chars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
    const billedAtFour = ((chars / 4) * 25_608 + request.max_tokens * 75_147) / 1_000_000;
    expect(estimateUnits(TEXT_MODEL, request)).toBeGreaterThan(billedAtFour);
  });

  it('charges Whisper one minute of audio per call unless told the length', () => {
    expect(estimateWhisperUnits()).toBe(47);
    expect(estimateWhisperUnits(5)).toBe(4);
    expect(estimateWhisperUnits(Number.NaN)).toBe(47);
  });
});

describe('budgeted models', () => {
  it('answers over_budget without calling the model', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 10, clock: clockAt('2031-04-01T10:00:00Z') });
    const model = new BudgetedTextModel(restText(), budget);
    const units = estimateUnits(TEXT_MODEL, request);
    expect(await model.generateJson(request)).toEqual({
      ok: false,
      reason: 'over_budget',
      code: 'ai_budget_exhausted',
      model: TEXT_MODEL,
      units,
    });
    expect((await ai.log()).requests).toEqual([]);
    expect((await budget.used()).used_units).toBe(0);
  });

  it('reserves the estimate, then calls the model', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 10_000, clock: clockAt('2031-04-02T10:00:00Z') });
    const model = new BudgetedTextModel(restText(), budget);
    const units = estimateUnits(TEXT_MODEL, request);
    expect(await model.generateJson(request)).toEqual({
      ok: true,
      output: jsonModeResponse.response,
      model: TEXT_MODEL,
      units,
    });
    expect((await budget.used()).used_units).toBe(units);
    expect(await ai.requests(TEXT)).toHaveLength(1);
  });

  it('reports a failing model as model_failed with its code, keeping the reservation', async () => {
    await ai.script({ path: TEXT, response: AI_ERRORS.noSuchModel(TEXT_MODEL) });
    const budget = new D1AiBudget(env.DB, { dailyLimit: 10_000, clock: clockAt('2031-04-03T10:00:00Z') });
    const result = await new BudgetedTextModel(restText(), budget, { estimate: () => 7 }).generateJson(request);
    expect(result).toMatchObject({
      ok: false,
      reason: 'model_failed',
      code: 'upstream_rejected',
      retryable: false,
      units: 7,
    });
    expect((await budget.used()).used_units).toBe(7);
  });

  it('makes Whisper wait with ai_budget_exhausted once the day is used up', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 100, clock: clockAt('2031-04-04T10:00:00Z') });
    const whisper = new WorkersAiRestTranscriber({
      apiBaseUrl: `${ai.url}/client/v4`,
      accountId: WORKERS_AI_TEST_CREDENTIALS.account_id,
      apiToken: WORKERS_AI_TEST_CREDENTIALS.api_token,
      fetch: (input, init) => fetch(input, init),
      timeoutMs: 2000,
    });
    const transcriber = new BudgetedTranscriber(whisper, budget);
    const clip = 'TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k';
    const audio = { ref: 'audio/x', bytes: fakeClipMedia(clip) };
    await transcriber.transcribe({ clip_id: clip, audio });
    await transcriber.transcribe({ clip_id: clip, audio });
    const error = await failure(transcriber.transcribe({ clip_id: clip, audio }));
    expect(error).toMatchObject({
      code: 'ai_budget_exhausted',
      status: 429,
      retryable: true,
      details: { budget: 'workers_ai', units: 47, clip_id: clip },
    });
    expect(await ai.requests(WHISPER)).toHaveLength(2);
    expect((await budget.used()).used_units).toBe(94);
  });

  it('does not charge a clip that has no media to send', async () => {
    const budget = new D1AiBudget(env.DB, { dailyLimit: 100, clock: clockAt('2031-04-05T10:00:00Z') });
    let calls = 0;
    const inner: Transcriber = {
      async transcribe() {
        calls += 1;
        throw new Error('no media');
      },
    };
    await expect(
      new BudgetedTranscriber(inner, budget).transcribe({ clip_id: 'c', audio: { ref: 'offline:c' } }),
    ).rejects.toThrow('no media');
    expect(calls).toBe(1);
    expect((await budget.used()).used_units).toBe(0);
  });
});
