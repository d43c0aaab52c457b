import { env } from 'cloudflare:test';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { SAMPLE_TRANSCRIPTS } from '../../../pipeline/sample/transcripts/sample-transcripts.ts';
import { parsePipelineSettings } from '../../../pipeline/src/config.ts';
import { buildPipelineDeps } from '../../../pipeline/src/deps.ts';
import type { Clock, Logger, PipelineDeps } from '../../../pipeline/src/ports.ts';
import { TWITCH_TEST_CREDENTIALS } from '../../servers/twitch-credentials.ts';

/**
 * The one set of test doubles every worker test uses: a clock, a log and a queue that record what
 * happened, and the pipeline's deps wired exactly as the Worker wires them.
 */

export type TestClock = Clock & { sleeps: number[]; advance(ms: number): void };

/**
 * A clock that starts at `start` and moves only when something sleeps or the test advances it; it
 * records every wait, so rate-limit and backoff waits become assertions instead of real time.
 */
export function testClock(start: string | Date = '2026-11-10T02:00:00Z'): TestClock {
  let nowMs = new Date(start).getTime();
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

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  meta: Record<string, unknown>;
}

export type RecordingLog = Logger & { lines: LoggedLine[] };

/** A log that keeps its lines, for assertions on what was (or was not) said. */
export function recordingLog(): RecordingLog {
  const lines: LoggedLine[] = [];
  const at =
    (level: LoggedLine['level']) =>
    (message: string, meta: Record<string, unknown> = {}) => {
      lines.push({ level, message, meta });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export type RecordingQueue = { send(message: QueueMessage): Promise<void>; sent: QueueMessage[] };

/** The queue as a list the test drains itself. */
export function recordingQueue(): RecordingQueue {
  const sent: QueueMessage[] = [];
  return { sent, send: async (message) => void sent.push(message) };
}

/** Configuration with the sample world's streamer, time zone and short deadlines, and nothing else. */
export const SAMPLE_VARS: Readonly<Record<string, string>> = {
  STREAM_TIMEZONE: 'America/Mexico_City',
  GITHUB_USERNAME: 'codewithmara',
  HTTP_TIMEOUT_MS: '2000',
};

/** Configuration pointing Twitch at the local fake (`twitchUrl`: a ServerControl session URL). */
export function fakeServiceVars(twitchUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...SAMPLE_VARS,
    TWITCH_API_BASE_URL: `${twitchUrl}/helix`,
    TWITCH_AUTH_BASE_URL: `${twitchUrl}/oauth2`,
    TWITCH_CLIENT_ID: TWITCH_TEST_CREDENTIALS.client_id,
    TWITCH_CLIENT_SECRET: TWITCH_TEST_CREDENTIALS.client_secret,
    TWITCH_BROADCASTER_ID: TWITCH_TEST_CREDENTIALS.broadcaster_id,
    ...extra,
  };
}

export type TestDeps = PipelineDeps & { clock: TestClock; log: RecordingLog; queue: RecordingQueue };

/**
 * Deps wired exactly as the Worker wires them, from `vars`, on the test's real local D1 and R2, with
 * a test clock, a recording log and a recording queue (also returned on their own).
 */
export function testDeps(
  vars: Record<string, string> = SAMPLE_VARS,
  clock: TestClock = testClock(),
): { deps: TestDeps; clock: TestClock; log: RecordingLog; queue: RecordingQueue } {
  const queue = recordingQueue();
  const log = recordingLog();
  const deps = buildPipelineDeps(parsePipelineSettings(vars), {
    db: env.DB,
    bucket: env.ARTIFACTS,
    queue,
    fetch: (input, init) => fetch(input, init),
    clock,
    log,
    ai: null,
    transcriptFiles: async (clipId) => SAMPLE_TRANSCRIPTS[clipId] ?? null,
  });
  return { deps: { ...deps, clock, log, queue }, clock, log, queue };
}
