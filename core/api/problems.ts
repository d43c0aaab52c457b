import type { Problem } from '../openapi/api-schemas.ts';

/**
 * Every problem the content API answers with: a stable `code`, its HTTP status and a title.
 * Clients branch on `code`; `detail` says what was wrong and what to do; `field` names the input.
 */
export const API_PROBLEMS = {
  validation_failed: [400, 'The input is not valid'],
  invalid_json: [400, 'The body is not JSON'],
  unsupported_media_type: [415, 'The body must be application/json'],
  non_canonical_path: [400, 'The path is not in canonical form'],
  unknown_parameter: [400, 'Unknown query parameter'],
  idempotency_key_conflict: [400, 'Two different idempotency keys were sent'],
  content_digest_invalid: [400, 'Content-Digest is malformed'],
  cross_site_forbidden: [403, 'Cross-site form submissions are forbidden'],
  not_found: [404, 'No such resource'],
  method_not_allowed: [405, 'Method not allowed'],
  payload_too_large: [413, 'The body is too large'],
  signature_missing: [401, 'The request is not signed'],
  signature_malformed: [401, 'The signature headers are malformed'],
  signature_param_missing: [401, 'A signature parameter is missing'],
  signature_param_invalid: [401, 'A signature parameter is invalid'],
  unsupported_algorithm: [401, 'Unsupported signature algorithm'],
  signature_not_yet_valid: [401, 'The signature was created in the future'],
  signature_expired: [401, 'The signature has expired'],
  component_not_covered: [401, 'The signature does not cover a required component'],
  unsupported_component: [401, 'The signature covers a component this API does not support'],
  covered_header_missing: [401, 'A covered header is missing'],
  duplicate_component: [401, 'The signature covers a component twice'],
  unknown_key: [401, 'Unknown key id'],
  signature_invalid: [401, 'The signature does not verify'],
  content_digest_mismatch: [401, 'The body does not match Content-Digest'],
  nonce_replayed: [401, 'The nonce was already used'],
  idempotency_in_flight: [409, 'A request with this idempotency key is in flight'],
  idempotency_key_reused: [422, 'The idempotency key was used for a different request'],
  too_many_failures: [429, 'Too many requests that failed authentication'],
  storage_failed: [503, 'Storage is unavailable'],
  configuration_error: [500, 'The service is misconfigured'],
  internal_error: [500, 'Something went wrong'],
} as const satisfies Record<string, readonly [number, string]>;

export type ApiProblemCode = keyof typeof API_PROBLEMS;

export const PROBLEM_TYPE_BASE = 'https://streamlog.dev/problems/';

/** An RFC 9457 problem document; `field` is the JSON path (or header / parameter name) at fault. */
export function problemDocument(code: ApiProblemCode, detail: string, field?: string): Problem {
  const [status, title] = API_PROBLEMS[code];
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
