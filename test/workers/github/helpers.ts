import { env } from 'cloudflare:test';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { GitHubActivitySource } from '../../../pipeline/src/github/github-activity-source.ts';
import { GitHubHttp, type GitHubHttpOptions } from '../../../pipeline/src/github/http-client.ts';
import type { ActivitySource, Clock, Logger } from '../../../pipeline/src/ports.ts';
import { RawArtifacts } from '../../../store/artifacts/raw-artifacts.ts';
import { ContentItemStore } from '../../../store/content-items/store.ts';
import { ClipDetailsStore } from '../../../store/pipeline/clip-details.ts';
import { GITHUB_TEST_TOKEN } from '../../servers/github-credentials.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';

/** A clock whose sleeps are recorded, not waited: rate-limit and backoff waits become assertions. */
export function fakeClock(now = new Date('2026-11-10T01:40:00Z')): Clock & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
}

export function memoryLog(): Logger & { lines: { level: string; message: string; meta?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; meta?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message, meta) => void lines.push({ level: 'info', message, meta }),
    warn: (message, meta) => void lines.push({ level: 'warn', message, meta }),
    error: (message, meta) => void lines.push({ level: 'error', message, meta }),
  };
}

/**
 * The fake GitHub under this test file's own base path (`/t/<name>`): files run in parallel against
 * one server, and each scripts and reads only its own requests.
 */
export function githubBase(name: string): { baseUrl: string; server: ServerControl; prefix: string } {
  const prefix = `/t/${name}`;
  return { baseUrl: `${env.GITHUB_TEST_SERVER}${prefix}`, server: new ServerControl(env.GITHUB_TEST_SERVER), prefix };
}

/** Requests this file made since `mark` (a sequence number from the server log). */
export async function requestsSince(base: { server: ServerControl; prefix: string }, mark: number) {
  return (await base.server.requests(base.prefix)).filter((request) => request.seq > mark);
}

export async function lastSeq(base: { server: ServerControl }): Promise<number> {
  return (await base.server.log()).requests.reduce((max, request) => Math.max(max, request.seq), 0);
}

export function githubSource(options: Partial<GitHubHttpOptions> & { baseUrl: string }) {
  const clock = options.clock ?? fakeClock(new Date());
  const http = new GitHubHttp({
    token: GITHUB_TEST_TOKEN,
    fetch: (input, init) => fetch(input, init),
    clock,
    log: memoryLog(),
    timeoutMs: 2_000,
    ...options,
  });
  return new GitHubActivitySource(http);
}

export function recordingQueue(): { send(message: QueueMessage): Promise<void>; sent: QueueMessage[] } {
  const sent: QueueMessage[] = [];
  return {
    sent,
    send: async (message) => {
      sent.push(message);
    },
  };
}

/** The pipeline deps the GitHub half uses, on the test's real local D1 and R2. */
export function pipelineDeps(overrides: { clock?: Clock; activity?: ActivitySource; baseUrl?: string } = {}) {
  const clock = overrides.clock ?? fakeClock();
  const timeZone = 'America/Mexico_City';
  const activity: ActivitySource =
    overrides.activity ?? githubSource({ clock, baseUrl: overrides.baseUrl ?? githubBase('default').baseUrl });
  return {
    config: {
      timeZone,
      githubUsername: 'codewithmara',
      clipSourceKind: 'sample' as const,
      transcriberKind: 'offline-file' as const,
    },
    clock,
    db: env.DB,
    items: new ContentItemStore(env.DB, { clock: () => clock.now(), timeZone }),
    clipDetails: new ClipDetailsStore(env.DB, { timeZone, now: () => clock.now() }),
    artifacts: new RawArtifacts(env.ARTIFACTS),
    activity,
    queue: recordingQueue(),
    log: memoryLog(),
  };
}
