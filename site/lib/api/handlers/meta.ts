import type { HealthStatus } from '../../../../core/openapi/api-schemas.ts';
import { openApiDocument } from '../../../../core/openapi/document.ts';
import type { ApiDeps } from '../deps.ts';
import { json } from '../responses.ts';

let document: string | undefined;

/** `GET /api/health`: public and static (no storage call), so it is also the unsigned baseline of the bench. */
export function health(deps: ApiDeps): Response {
  return json({ status: 'ok', time: new Date(deps.now()).toISOString() } satisfies HealthStatus);
}

/** `GET /api/openapi.json`: the document generated from the zod schemas, built once per isolate. */
export function openApi(): Response {
  document ??= JSON.stringify(openApiDocument());
  return new Response(document, {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
  });
}

/**
 * `GET|POST /api/content/ping`: a static answer behind the same signature check as every content
 * route. It tells a client its signing works, and is the bench's "same auth, no work" baseline.
 */
export function ping(keyId: string): Response {
  return json({ ok: true, key_id: keyId });
}
