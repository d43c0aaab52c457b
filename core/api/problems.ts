import { ERROR_TABLE, type ErrorCodeName } from '../errors.ts';
import type { Problem } from '../openapi/api-schemas.ts';

/**
 * The codes the content API answers with (docs/api.md, "Errors"); their status and title come from
 * ERROR_TABLE like every other code's. Clients branch on `code`; `detail` says what was wrong and
 * what to do; `field` names the input. Typing the API's `problem()` with this list keeps the API to
 * the codes its documentation promises.
 */
export const API_PROBLEM_CODES = [
  'validation_failed',
  'invalid_json',
  'unsupported_media_type',
  'non_canonical_path',
  'unknown_parameter',
  'idempotency_key_conflict',
  'content_digest_invalid',
  'cross_site_forbidden',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'signature_missing',
  'signature_malformed',
  'signature_param_missing',
  'signature_param_invalid',
  'unsupported_algorithm',
  'signature_not_yet_valid',
  'signature_expired',
  'component_not_covered',
  'unsupported_component',
  'covered_header_missing',
  'duplicate_component',
  'unknown_key',
  'signature_invalid',
  'content_digest_mismatch',
  'nonce_replayed',
  'idempotency_in_flight',
  'idempotency_key_reused',
  'too_many_failures',
  'storage_failed',
  'configuration_error',
] as const satisfies readonly ErrorCodeName[];

export type ApiProblemCode = (typeof API_PROBLEM_CODES)[number];

export const PROBLEM_TYPE_BASE = 'https://streamlog.dev/problems/';

/**
 * An RFC 9457 problem document for any code of the table; `field` is the JSON path (or header /
 * parameter name) at fault.
 */
export function problemDocument(code: ErrorCodeName, detail: string, field?: string): Problem {
  const { status, title } = ERROR_TABLE[code];
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title,
    status,
    code,
    detail,
    ...(field === undefined ? {} : { field }),
  };
}

/** A JSON path for a zod issue path: `filters.content_tags[2]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
