import type { z } from 'zod';
import type { Problem } from '../openapi/api-schemas.ts';
import { jsonPath, problemDocument } from './problems.ts';

/**
 * Parses untrusted input with a schema; the first issue becomes a `validation_failed` problem with
 * the JSON path of the failing field (an unknown key names the key itself).
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): { ok: true; value: z.output<T> } | { ok: false; problem: Problem } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (issue === undefined)
    return { ok: false, problem: problemDocument('validation_failed', 'the input is not valid') };
  const keys = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
  const field = jsonPath([...prefix, ...issue.path, ...keys]);
  const detail = issue.code === 'unrecognized_keys' ? `unknown field ${field}` : `${field || 'body'}: ${issue.message}`;
  return { ok: false, problem: problemDocument('validation_failed', detail, field || undefined) };
}
