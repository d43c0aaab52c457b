import { env } from 'cloudflare:test';
import { GitHubActivitySource } from '../../../pipeline/src/github/github-activity-source.ts';
import { GitHubHttp, type GitHubHttpOptions } from '../../../pipeline/src/github/http-client.ts';
import { GITHUB_TEST_TOKEN } from '../../servers/github-credentials.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { recordingLog, SAMPLE_VARS, testClock } from '../helpers/deps.ts';

/** Where the GitHub tests' clock starts: 01:40 UTC on Nov 10, the evening of Nov 9 in Mexico City. */
export const GITHUB_TEST_START = '2026-11-10T01:40:00Z';

/**
 * The fake GitHub under this test file's own base path (`/t/<name>`): files run in parallel against
 * one server, and each scripts and reads only its own requests.
 */
export function githubBase(name: string): { baseUrl: string; server: ServerControl; prefix: string } {
  const prefix = `/t/${name}`;
  return { baseUrl: `${env.GITHUB_TEST_SERVER}${prefix}`, server: new ServerControl(env.GITHUB_TEST_SERVER), prefix };
}

/** Configuration following the sample streamer's activity on the fake GitHub at `baseUrl`. */
export function githubVars(baseUrl: string): Record<string, string> {
  return { ...SAMPLE_VARS, GITHUB_TOKEN: GITHUB_TEST_TOKEN, GITHUB_API_BASE_URL: baseUrl };
}

/** Requests this file made since `mark` (a sequence number from the server log). */
export async function requestsSince(base: { server: ServerControl; prefix: string }, mark: number) {
  return (await base.server.requests(base.prefix)).filter((request) => request.seq > mark);
}

export async function lastSeq(base: { server: ServerControl }): Promise<number> {
  return (await base.server.log()).requests.reduce((max, request) => Math.max(max, request.seq), 0);
}

/** The GitHub activity adapter alone, with options the wiring does not expose (attempts, deadlines). */
export function githubSource(options: Partial<GitHubHttpOptions> & { baseUrl: string }) {
  const http = new GitHubHttp({
    token: GITHUB_TEST_TOKEN,
    fetch: (input, init) => fetch(input, init),
    clock: options.clock ?? testClock(new Date()),
    log: recordingLog(),
    timeoutMs: 2_000,
    ...options,
  });
  return new GitHubActivitySource(http);
}
