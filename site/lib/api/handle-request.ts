import { type ApiRoute, matchRoute, ROUTE_METHODS, rawRequestPath } from '../../../core/api/routes.ts';
import { isStreamlogError } from '../../../core/errors.ts';
import { readCappedBody } from '../../../core/http/capped-body.ts';
import { authenticate } from './authenticate.ts';
import type { ApiDeps } from './deps.ts';
import { generate } from './handlers/generate.ts';
import { health, openApi, ping } from './handlers/meta.ts';
import { getItem, getJob, listItems } from './handlers/reads.ts';
import { getRun, listRuns } from './handlers/runs.ts';
import { problem } from './responses.ts';

/**
 * The content API: every `/api/` request goes through here. Canonical path (checked on the raw
 * request target), the cross-site form guard and method first (400/403/404/405), then for signed routes the body under its size cap (413) and the signature (401),
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
  // The target as sent: the URL parser has already resolved `.`/`..` and `%2e` in url.pathname.
  const raw = rawRequestPath(request.url);
  if (raw !== url.pathname) {
    return problem('non_canonical_path', `the path ${JSON.stringify(raw.slice(0, 100))} is not in canonical form`);
  }
  if (isCrossSiteForm(request, url)) {
    return problem(
      'cross_site_forbidden',
      'a form-encoded or text/plain request from another origin is refused; call the API with application/json',
      'Origin',
    );
  }
  const match = matchRoute(raw);
  if (!match.ok) return problem(match.code, match.detail, match.field);
  const { route } = match;
  const methods = ROUTE_METHODS[route.name];
  if (!methods.includes(request.method)) {
    return problem('method_not_allowed', `use ${methods.join(' or ')}`, undefined, { allow: methods.join(', ') });
  }
  if (route.name === 'health') return health(deps);
  if (route.name === 'openapi') return openApi();

  const body = await readCappedBody(request, deps.maxBodyBytes);
  if (!body.ok) {
    return body.reason === 'too_large'
      ? problem('payload_too_large', `the body may be at most ${deps.maxBodyBytes} bytes`)
      : problem('validation_failed', 'the body could not be read');
  }
  const auth = await authenticate(request, url, body.bytes, deps);
  if (!auth.ok) return throttled(request, deps, auth.response);
  return signedRoute(route, request, url, body.bytes, auth.keyId, deps);
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * What Astro's `security.checkOrigin` refused (as a text/plain 403), refused here as a problem: a
 * state-changing request a browser can send cross-site without a preflight (a form or text/plain
 * body) whose Origin is not this origin. Signed API calls are JSON and never look like this.
 */
function isCrossSiteForm(request: Request, url: URL): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  const origin = request.headers.get('origin');
  if (origin === null || origin === url.origin) return false;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return FORM_TYPES.includes(type);
}

/** Seconds a throttled client is asked to wait: the binding's period. */
const THROTTLE_RETRY_AFTER_SECONDS = 60;

/**
 * Counts a failed authentication against the client (its address); once the client is over the
 * limit the failure is answered 429 instead of 401, so a flood of bad signatures is throttled
 * while clients that sign correctly are not counted at all.
 */
async function throttled(request: Request, deps: ApiDeps, denied: Response): Promise<Response> {
  if (!deps.authFailureLimiter || denied.status !== 401) return denied;
  const client = request.headers.get('cf-connecting-ip') ?? 'unknown';
  let outcome: { success: boolean };
  try {
    outcome = await deps.authFailureLimiter.limit({ key: `auth-failure:${client}` });
  } catch {
    return denied;
  }
  if (outcome.success) return denied;
  return problem(
    'too_many_failures',
    'too many requests from this client failed authentication; check the key and signing, then retry later',
    undefined,
    { 'retry-after': String(THROTTLE_RETRY_AFTER_SECONDS) },
  );
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
    case 'list_runs':
      return listRuns(url, deps);
    case 'get_run':
      return getRun(route.id, deps);
  }
}
