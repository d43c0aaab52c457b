/**
 * Every error code the system raises, answers or records, with its HTTP status, whether retrying
 * the same work can help, and a title a person can act on. This is the only list of codes: the
 * queue dispatcher retries what is retryable and dead-letters the rest, every
 * `application/problem+json` body (content API and webhook receivers) takes its status and title
 * from here, the CLI prints the code of a failed run, and job, item and run records store these
 * codes. `test/unit/error-codes.test.ts` fails when the source uses a code that is not a key here.
 */
// biome-ignore format: one line per code, so the table reads as a table even where a title is long
export const ERROR_TABLE = {
  // Input that is not valid: retrying the same request cannot help.
  validation_failed: { status: 400, retryable: false, title: 'The input is not valid' },
  invalid_json: { status: 400, retryable: false, title: 'The body is not JSON' },
  invalid_body: { status: 400, retryable: false, title: 'The body is not a JSON object' },
  invalid_payload: { status: 400, retryable: false, title: 'The webhook body is not a JSON object' },
  unreadable_body: { status: 400, retryable: false, title: 'The body could not be read' },
  non_canonical_path: { status: 400, retryable: false, title: 'The path is not in canonical form' },
  unknown_parameter: { status: 400, retryable: false, title: 'Unknown query parameter' },
  idempotency_key_conflict: { status: 400, retryable: false, title: 'Two different idempotency keys were sent' },
  content_digest_invalid: { status: 400, retryable: false, title: 'Content-Digest is malformed' },
  missing_headers: { status: 400, retryable: false, title: 'A required EventSub header is missing' },
  missing_challenge: { status: 400, retryable: false, title: 'The verification message has no challenge' },
  invalid_delivery: { status: 400, retryable: false, title: 'X-GitHub-Delivery or X-GitHub-Event is missing' },
  invalid_message: { status: 400, retryable: false, title: 'The queue message does not match any message shape' },
  unsupported_media_type: { status: 415, retryable: false, title: 'The body must be application/json' },
  payload_too_large: { status: 413, retryable: false, title: 'The body is too large' },
  not_found: { status: 404, retryable: false, title: 'No such resource' },
  method_not_allowed: { status: 405, retryable: false, title: 'Method not allowed' },
  unsupported_message: { status: 422, retryable: false, title: 'No job handles this queue message' },

  // Authentication of content API requests (HTTP message signatures) and webhooks.
  signature_missing: { status: 401, retryable: false, title: 'The request is not signed' },
  signature_malformed: { status: 401, retryable: false, title: 'The signature headers are malformed' },
  signature_param_missing: { status: 401, retryable: false, title: 'A signature parameter is missing' },
  signature_param_invalid: { status: 401, retryable: false, title: 'A signature parameter is invalid' },
  unsupported_algorithm: { status: 401, retryable: false, title: 'Unsupported signature algorithm' },
  signature_not_yet_valid: { status: 401, retryable: false, title: 'The signature was created in the future' },
  signature_expired: { status: 401, retryable: false, title: 'The signature has expired' },
  component_not_covered: { status: 401, retryable: false, title: 'The signature does not cover a required component' },
  unsupported_component: { status: 401, retryable: false, title: 'The signature covers a component this API does not support' },
  covered_header_missing: { status: 401, retryable: false, title: 'A covered header is missing' },
  duplicate_component: { status: 401, retryable: false, title: 'The signature covers a component twice' },
  unknown_key: { status: 401, retryable: false, title: 'Unknown key id' },
  signature_invalid: { status: 401, retryable: false, title: 'The signature does not verify' },
  content_digest_mismatch: { status: 401, retryable: false, title: 'The body does not match Content-Digest' },
  nonce_replayed: { status: 401, retryable: false, title: 'The nonce was already used' },
  invalid_signature: { status: 401, retryable: false, title: 'The webhook signature does not match the body; check the webhook secret' },
  stale_message: { status: 403, retryable: false, title: 'The message is more than 10 minutes old or ahead' },
  cross_site_forbidden: { status: 403, retryable: false, title: 'Cross-site form submissions are forbidden' },
  too_many_failures: { status: 429, retryable: true, title: 'Too many requests that failed authentication' },

  // State: someone else got there first.
  illegal_transition: { status: 409, retryable: false, title: 'That status change is not allowed' },
  concurrent_update: { status: 409, retryable: true, title: 'Someone else changed it first' },
  idempotency_in_flight: { status: 409, retryable: true, title: 'A request with this idempotency key is in flight' },
  idempotency_key_reused: { status: 422, retryable: false, title: 'The idempotency key was used for a different request' },

  // Our side: storage, queue, configuration, code.
  storage_failed: { status: 503, retryable: true, title: 'Storage is unavailable' },
  queue_unavailable: { status: 503, retryable: true, title: 'The queue is unavailable; try again later' },
  configuration_error: { status: 500, retryable: false, title: 'The service is misconfigured' },
  webhook_not_configured: { status: 503, retryable: false, title: 'Set the webhook secret (GITHUB_WEBHOOK_SECRET, TWITCH_EVENTSUB_SECRET) to receive webhooks' },
  // Anything thrown that is not a StreamlogError: presumed transient, like a network failure.
  internal_error: { status: 500, retryable: true, title: 'Something went wrong' },
  generation_failed: { status: 500, retryable: true, title: 'Generating the post failed; it will be retried' },
  retries_exhausted: { status: 500, retryable: false, title: 'Every retry failed; the message was dead-lettered' },

  // Upstream services (Twitch, GitHub, Discord, Workers AI).
  upstream_unavailable: { status: 502, retryable: true, title: 'An upstream service failed; try again later' },
  upstream_timeout: { status: 504, retryable: true, title: 'An upstream service did not answer in time' },
  upstream_rate_limited: { status: 429, retryable: true, title: 'An upstream service is rate limiting us' },
  upstream_rejected: { status: 502, retryable: false, title: 'An upstream service rejected the request' },
  audio_unavailable: { status: 503, retryable: true, title: 'The clip has no downloadable media yet' },
  ai_budget_exhausted: { status: 429, retryable: true, title: "Today's Workers AI budget is used up; the work resumes tomorrow" },
} as const satisfies Record<string, { status: number; retryable: boolean; title: string }>;

export type ErrorCodeName = keyof typeof ERROR_TABLE;

export class StreamlogError extends Error {
  override readonly name = 'StreamlogError';
  readonly code: ErrorCodeName;
  readonly status: number;
  readonly retryable: boolean;
  /** Extra context: the failing field, the ids involved. Never secrets. */
  readonly details: Readonly<Record<string, unknown>>;

  // No parameter properties: Node runs these files with type stripping only.
  constructor(code: ErrorCodeName, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.code = code;
    this.details = details;
    this.status = ERROR_TABLE[code].status;
    this.retryable = ERROR_TABLE[code].retryable;
  }
}

export function isStreamlogError(error: unknown, code?: ErrorCodeName): error is StreamlogError {
  return error instanceof StreamlogError && (code === undefined || error.code === code);
}

export function isErrorCode(code: string): code is ErrorCodeName {
  return Object.hasOwn(ERROR_TABLE, code);
}

/** The code a failure is recorded under: a StreamlogError's own, `otherwise` for anything else thrown. */
export function errorCodeOf(error: unknown, otherwise: ErrorCodeName = 'internal_error'): ErrorCodeName {
  return isStreamlogError(error) ? error.code : otherwise;
}

/** Whether retrying can help: our errors say; anything else (network, runtime) is presumed transient. */
export function isRetryable(error: unknown): boolean {
  return isStreamlogError(error) ? error.retryable : true;
}

/** The same for a stored code (an item's or job's `error.code`): none, or one no longer in the table, is retried. */
export function isRetryableCode(code: string | undefined): boolean {
  return code === undefined || !isErrorCode(code) || ERROR_TABLE[code].retryable;
}
