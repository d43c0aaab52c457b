/**
 * Every error the system raises on purpose, with its HTTP status and whether retrying can help.
 * The queue dispatcher retries what is retryable and dead-letters the rest; the API turns the
 * code into `application/problem+json`.
 */
export const ERROR_TABLE = {
  validation_failed: { status: 400, retryable: false, title: 'The input is not valid' },
  not_found: { status: 404, retryable: false, title: 'No such resource' },
  illegal_transition: { status: 409, retryable: false, title: 'That status change is not allowed' },
  concurrent_update: { status: 409, retryable: true, title: 'Someone else changed it first' },
  storage_failed: { status: 503, retryable: true, title: 'Storage is unavailable' },
  configuration_error: { status: 500, retryable: false, title: 'The service is misconfigured' },
  unsupported_message: { status: 422, retryable: false, title: 'No job handles this queue message' },
  upstream_unavailable: { status: 502, retryable: true, title: 'An upstream service failed; try again later' },
  upstream_timeout: { status: 504, retryable: true, title: 'An upstream service did not answer in time' },
  upstream_rate_limited: { status: 429, retryable: true, title: 'An upstream service is rate limiting us' },
  upstream_rejected: { status: 502, retryable: false, title: 'An upstream service rejected the request' },
  audio_unavailable: { status: 503, retryable: true, title: 'The clip has no downloadable media yet' },
  ai_budget_exhausted: {
    status: 429,
    retryable: true,
    title: "Today's Workers AI budget is used up; the work resumes tomorrow",
  },
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
