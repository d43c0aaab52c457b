import { problemDocument } from '../../../core/api/problems.ts';
import type { ErrorCodeName } from '../../../core/errors.ts';

/** An RFC 9457 `application/problem+json` response; status and title come from the code's row in ERROR_TABLE. */
export function problem(code: ErrorCodeName, detail: string): Response {
  const document = problemDocument(code, detail);
  return Response.json(document, { status: document.status, headers: { 'content-type': 'application/problem+json' } });
}
