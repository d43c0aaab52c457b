import { type ApiProblemCode, problemDocument } from '../../../core/api/problems.ts';
import type { Problem } from '../../../core/openapi/api-schemas.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  });
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...NO_STORE, ...headers },
  });
}

export function problem(
  code: ApiProblemCode,
  detail: string,
  field?: string,
  headers: Record<string, string> = {},
): Response {
  return problemResponse(problemDocument(code, detail, field), headers);
}

/**
 * `Server-Timing: db;dur=<ms>` since `started` (a `performance.now()`): the time spent on the D1
 * index. In workerd the clock moves only across I/O, so this is the storage round trip, not CPU.
 */
export function serverTiming(started: number): Record<string, string> {
  return { 'server-timing': `db;dur=${(performance.now() - started).toFixed(1)}` };
}
