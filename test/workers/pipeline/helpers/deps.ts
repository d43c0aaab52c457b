import { env } from 'cloudflare:test';
import type { QueueMessage } from '../../../../core/schemas/queue-message.ts';
import { SAMPLE_TRANSCRIPTS } from '../../../../pipeline/sample/transcripts/sample-transcripts.ts';
import { parsePipelineSettings } from '../../../../pipeline/src/config.ts';
import { buildPipelineDeps } from '../../../../pipeline/src/deps.ts';
import type { Clock, Logger, PipelineDeps } from '../../../../pipeline/src/ports.ts';
import { TWITCH_TEST_CREDENTIALS } from '../../../servers/twitch-credentials.ts';

/** A clock that starts at `startIso` and moves only when something sleeps; it records every wait. */
export function testClock(startIso = '2026-11-10T02:00:00Z'): Clock & { sleeps: number[]; advance(ms: number): void } {
  let nowMs = Date.parse(startIso);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => new Date(nowMs),
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    advance: (ms) => {
      nowMs += ms;
    },
  };
}

export const quietLog: Logger & { lines: string[] } = {
  lines: [],
  info(message) {
    this.lines.push(message);
  },
  warn(message) {
    this.lines.push(message);
  },
  error(message) {
    this.lines.push(message);
  },
};

/** The queue as a list the test drains itself. */
export function memoryQueue(): { send(message: QueueMessage): Promise<void>; sent: QueueMessage[] } {
  const sent: QueueMessage[] = [];
  return { sent, send: async (message) => void sent.push(message) };
}

/** Configuration pointing Twitch at the local fake (`twitchUrl`: a ServerControl session URL). */
export function fakeServiceVars(twitchUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STREAM_TIMEZONE: 'America/Mexico_City',
    TWITCH_API_BASE_URL: `${twitchUrl}/helix`,
    TWITCH_AUTH_BASE_URL: `${twitchUrl}/oauth2`,
    TWITCH_CLIENT_ID: TWITCH_TEST_CREDENTIALS.client_id,
    TWITCH_CLIENT_SECRET: TWITCH_TEST_CREDENTIALS.client_secret,
    TWITCH_BROADCASTER_ID: TWITCH_TEST_CREDENTIALS.broadcaster_id,
    GITHUB_USERNAME: 'codewithmara',
    HTTP_TIMEOUT_MS: '2000',
    ...extra,
  };
}

/** Deps wired exactly as the Worker wires them, from `vars`, with a test clock, log and queue. */
export function testDeps(vars: Record<string, string>, clock = testClock()) {
  const queue = memoryQueue();
  const deps: PipelineDeps = buildPipelineDeps(parsePipelineSettings(vars), {
    db: env.DB,
    bucket: env.ARTIFACTS,
    queue,
    fetch: (input, init) => fetch(input, init),
    clock,
    log: quietLog,
    ai: null,
    transcriptFiles: async (clipId) => SAMPLE_TRANSCRIPTS[clipId] ?? null,
  });
  return { deps, queue, clock };
}
