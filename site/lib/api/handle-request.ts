import { type ApiRoute, matchRoute, ROUTE_METHODS } from '../../../core/api/routes.ts';
import { isStreamlogError } from '../../../core/errors.ts';
import { authenticate } from './authenticate.ts';
import { readBodyCapped } from './body.ts';
import type { ApiDeps } from './deps.ts';
import { generate } from './handlers/generate.ts';
import { health, openApi, ping } from './handlers/meta.ts';
import { getItem, getJob, listItems } from './handlers/reads.ts';
import { problem } from './responses.ts';

/**
 * The content API: every `/api/` request goes through here. Canonical path and method first
 * (400/404/405), then for signed routes the body under its size cap (413) and the signature (401),
 * then the handler. Failures of ours are 5xx problems; malformed input never is.
 */
export async function handleApiRequest(request: Request, deps: ApiDeps): Promise<Response> {
  try {
    return await route(request, deps);
  } catch (error) {
    console.error('content api request failed', { method: request.method, error: String(error) });
    if (isStreamlogError(error, 'not_found')) return problem('not_found', error.message);
    if (isStreamlogError(error) && error.status < 500) return problem('validation_failed', error.message);
    if (isStreamlogError(error, 'configuration_error')) return problem('configuration_error', error.message);
    return problem('storage_failed', 'the request could not be completed; retry later', undefined, {
      'retry-after': '1',
    });
  }
}

async function route(request: Request, deps: ApiDeps): Promise<Response> {
  const url = new URL(request.url);
  const match = matchRoute(url.pathname);
  if (!match.ok) return problem(match.code, match.detail, match.field);
  const { route } = match;
  const methods = ROUTE_METHODS[route.name];
  if (!methods.includes(request.method)) {
    return problem('method_not_allowed', `use ${methods.join(' or ')}`, undefined, { allow: methods.join(', ') });
  }
  if (route.name === 'health') return health(deps);
  if (route.name === 'openapi') return openApi();

  const body = await readBodyCapped(request, deps.maxBodyBytes);
  if (!body.ok) {
    return body.reason === 'too_large'
      ? problem('payload_too_large', `the body may be at most ${deps.maxBodyBytes} bytes`)
      : problem('validation_failed', 'the body could not be read');
  }
  const auth = await authenticate(request, url, body.bytes, deps);
  if (!auth.ok) return auth.response;
  return signedRoute(route, request, url, body.bytes, auth.keyId, deps);
}

function signedRoute(
  route: Extract<ApiRoute, { signed: true }>,
  request: Request,
  url: URL,
  body: Uint8Array<ArrayBuffer>,
  keyId: string,
  deps: ApiDeps,
): Promise<Response> | Response {
  switch (route.name) {
    case 'generate':
      return generate(request, body, keyId, deps);
    case 'ping':
      return ping(keyId);
    case 'list_items':
      return listItems(url, deps);
    case 'get_item':
      return getItem(route.id, deps);
    case 'get_job':
      return getJob(route.id, keyId, deps);
  }
}
