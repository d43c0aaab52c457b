import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { API_PROBLEM_CODES, PROBLEM_TYPE_BASE } from '../../../core/api/problems.ts';
import { ERROR_TABLE, type ErrorCodeName } from '../../../core/errors.ts';
import { Problem } from '../../../core/openapi/api-schemas.ts';
import type { Harness } from '../api/harness.ts';

/**
 * What every content API answer must be, whatever was sent: never a 5xx; an error is an RFC 9457
 * `application/problem+json` document whose `status` is the response's and whose `code` is one of
 * the documented problems with that status. Returns the problem (or `null` for a success).
 */
export async function expectWellFormedAnswer(response: Response): Promise<Problem | null> {
  expect(response.status, 'a 5xx for malformed input').toBeLessThan(500);
  const text = await response.text();
  if (response.status < 400) {
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    JSON.parse(text);
    return null;
  }
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = Problem.parse(JSON.parse(text));
  expect(problem.status).toBe(response.status);
  expect(API_PROBLEM_CODES as readonly string[], `undocumented code ${problem.code}`).toContain(problem.code);
  expect(ERROR_TABLE[problem.code as ErrorCodeName].status).toBe(response.status);
  expect(problem.type).toBe(`${PROBLEM_TYPE_BASE}${problem.code}`);
  return problem;
}

/** Everything a request can leave behind: rows in the API's tables and messages queued. */
export interface StoredState {
  nonces: number;
  jobs: number;
  idempotencyRecords: number;
  contentItems: number;
  queued: number;
}

/** Replaces the harness's queue with one that only counts what is sent: nothing runs behind the test's back. */
export function countQueued(api: Harness): { sent: () => number } {
  let sent = 0;
  api.deps.queue = {
    send: async () => {
      sent += 1;
    },
    sendBatch: async (messages: Iterable<MessageSendRequest>) => {
      sent += [...messages].length;
    },
  } as unknown as Queue;
  return { sent: () => sent };
}

export async function storedState(queue: { sent: () => number }): Promise<StoredState> {
  const count = async (table: string) =>
    (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1;
  return {
    nonces: await count('request_nonces'),
    jobs: await count('jobs'),
    idempotencyRecords: await count('idempotency_records'),
    contentItems: await count('content_items'),
    queued: queue.sent(),
  };
}

/** Fails if anything on the prototype of plain objects changed: a parsed `__proto__` key must stay data. */
export function expectNoPrototypePollution(): void {
  const probe: Record<string, unknown> = {};
  expect(Object.keys(Object.getPrototypeOf(probe) as object)).toEqual([]);
  for (const key of ['mode', 'date_range', 'filters', 'limit', 'polluted', 'a']) expect(probe[key]).toBeUndefined();
}
