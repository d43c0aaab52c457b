import type { Problem } from '../openapi/api-schemas.ts';
import { RunListQuery } from '../schemas/run-record.ts';
import { problemDocument } from './problems.ts';

/** Query parameters of `GET /api/content/runs`, in the order the OpenAPI document lists them. */
export const RUNS_QUERY = Object.keys(RunListQuery.shape) as (keyof RunListQuery)[];
const INTEGERS = new Set<string>(['page', 'limit']);

/**
 * The query parameters of `GET /api/content/runs`, parsed as `GET /api/content/items` parses its
 * own: each parameter at most once, an unknown one refused (a typo must not silently widen the
 * list), and a failure names the parameter in `field`.
 */
export function runsQuery(
  entries: Iterable<[string, string]>,
): { ok: true; value: RunListQuery } | { ok: false; problem: Problem } {
  const input: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name, raw] of entries) {
    if (seen.has(name)) return bad('validation_failed', `${name} is given more than once`, name);
    if (!(RUNS_QUERY as string[]).includes(name)) {
      return bad('unknown_parameter', `unknown query parameter ${JSON.stringify(name.slice(0, 50))}`, name);
    }
    seen.add(name);
    input[name] = INTEGERS.has(name) && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  const result = RunListQuery.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? 'query');
  return bad('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

function bad(code: 'validation_failed' | 'unknown_parameter', detail: string, field: string) {
  return { ok: false as const, problem: problemDocument(code, detail, field) };
}
