import { env } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { transcriptFromWhisper } from '../../../core/transcripts/whisper.ts';
import { WorkersAiRestTranscriber } from '../../../pipeline/src/transcripts/workers-ai-rest.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { fakeClipMedia } from '../../servers/twitch-credentials.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from '../../servers/workers-ai-credentials.ts';
import { failure } from '../helpers/failure.ts';

const ai = new ServerControl(env.WORKERS_AI_TEST_SERVER, crypto.randomUUID());
const WHISPER = `/client/v4/accounts/${WORKERS_AI_TEST_CREDENTIALS.account_id}/ai/run/@cf/openai/whisper-large-v3-turbo`;

function transcriber(overrides: { apiToken?: string; timeoutMs?: number } = {}) {
  return new WorkersAiRestTranscriber({
    apiBaseUrl: `${ai.url}/client/v4`,
    accountId: WORKERS_AI_TEST_CREDENTIALS.account_id,
    apiToken: overrides.apiToken ?? WORKERS_AI_TEST_CREDENTIALS.api_token,
    fetch: (input, init) => fetch(input, init),
    timeoutMs: overrides.timeoutMs ?? 2000,
  });
}

const request = (clipId: string) => ({ clip_id: clipId, audio: { ref: 'audio/x', bytes: fakeClipMedia(clipId) } });

afterAll(() => ai.finish());

describe('Workers AI Whisper over REST against a local Workers AI', () => {
  it('posts the audio as base64 with VAD on and unwraps the result envelope', async () => {
    const raw = await transcriber().transcribe(request('FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S'));
    expect(raw).toMatchObject({
      model: '@cf/openai/whisper-large-v3-turbo',
      source: 'workers-ai-rest',
      vad_filter: true,
    });
    const transcript = transcriptFromWhisper(raw.output, {
      model: raw.model,
      source: raw.source,
      transcribed_at: '2026-11-10T02:00:00Z',
    });
    expect(transcript.language).toBe('es');
    const [call] = await ai.requests(WHISPER);
    expect(call?.headers.authorization).toBe(`Bearer ${WORKERS_AI_TEST_CREDENTIALS.api_token}`);
    expect(JSON.parse(call?.body ?? '{}')).toMatchObject({ task: 'transcribe', vad_filter: true });
  });

  it('reports rejected credentials as a configuration error', async () => {
    const error = await failure(
      transcriber({ apiToken: 'wrong' }).transcribe(request('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k')),
    );
    expect(error).toMatchObject({ code: 'configuration_error', retryable: false });
  });

  it('retries capacity errors (3040) and 5xx but never invalid input (5006)', async () => {
    await ai.script({
      path: WHISPER,
      response: {
        status: 429,
        body: { success: false, errors: [{ code: 3040, message: 'Capacity temporarily exceeded' }] },
      },
    });
    expect(await failure(transcriber().transcribe(request('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k')))).toMatchObject(
      {
        code: 'upstream_rate_limited',
        retryable: true,
      },
    );
    await ai.script({ path: WHISPER, response: { status: 502, body: 'bad gateway' } });
    expect(await failure(transcriber().transcribe(request('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k')))).toMatchObject(
      {
        code: 'upstream_unavailable',
        retryable: true,
      },
    );
    expect(await failure(transcriber().transcribe(request('NoSuchClipAnywhere-000')))).toMatchObject({
      code: 'upstream_rejected',
      retryable: false,
    });
  });

  it('times out a call that does not answer', async () => {
    await ai.script({ path: WHISPER, response: { status: 200, delay_ms: 800, body: {} } });
    expect(
      await failure(transcriber({ timeoutMs: 150 }).transcribe(request('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'))),
    ).toMatchObject({
      code: 'upstream_timeout',
      retryable: true,
    });
  });
});
