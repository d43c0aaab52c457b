import { SafeId } from '../schemas/common.ts';
import { RunId } from '../schemas/queue-message.ts';

/** The API's routes. `signed: false` marks the two public ones. */
export type ApiRoute =
  | { name: 'health'; signed: false }
  | { name: 'openapi'; signed: false }
  | { name: 'generate'; signed: true }
  | { name: 'ping'; signed: true }
  | { name: 'list_items'; signed: true }
  | { name: 'get_item'; signed: true; id: string }
  | { name: 'get_job'; signed: true; id: string }
  | { name: 'list_runs'; signed: true }
  | { name: 'get_run'; signed: true; id: string };

export const ROUTE_METHODS: Record<ApiRoute['name'], readonly string[]> = {
  health: ['GET', 'HEAD'],
  openapi: ['GET', 'HEAD'],
  generate: ['POST'],
  ping: ['GET', 'POST'],
  list_items: ['GET'],
  get_item: ['GET'],
  get_job: ['GET'],
  list_runs: ['GET'],
  get_run: ['GET'],
};

export const JOB_ID = /^job_[0-9a-f]{32}$/;

/** `/api/content/<collection>/<id>`: the route, and what a well-formed id looks like. */
const BY_ID = new Map<
  string,
  { name: 'get_item' | 'get_job' | 'get_run'; valid: (id: string) => boolean; field: string; detail: string }
>([
  [
    'items',
    {
      name: 'get_item',
      valid: (id) => SafeId.safeParse(id).success,
      field: 'id',
      detail: 'an item id uses letters, digits, "-" and "_"',
    },
  ],
  [
    'jobs',
    {
      name: 'get_job',
      valid: (id) => JOB_ID.test(id),
      field: 'job_id',
      detail: 'a job id looks like job_<32 hex digits>',
    },
  ],
  [
    'runs',
    {
      name: 'get_run',
      valid: (id) => RunId.safeParse(id).success,
      field: 'run_id',
      detail: 'a run id looks like run_<8 to 64 letters, digits or "-">, e.g. run_<uuid>',
    },
  ],
]);

export type RouteMatch =
  | { ok: true; route: ApiRoute }
  | { ok: false; code: 'non_canonical_path' | 'not_found' | 'validation_failed'; detail: string; field?: string };

/**
 * Matches a request path (as sent, before any decoding) to a route. Only canonical paths match:
 * no empty segments (`//`), no dot segments, no trailing slash, no percent-encoding (no API path
 * needs it, so `%61` for `a` is refused rather than silently aliased).
 */
export function matchRoute(path: string): RouteMatch {
  if (/^\/{2,}api(\/|$)/.test(path))
    return { ok: false, code: 'non_canonical_path', detail: 'empty path segment ("//")' };
  if (!path.startsWith('/api/') && path !== '/api') return { ok: false, code: 'not_found', detail: `no route ${path}` };
  const canonical = canonicalProblem(path);
  if (canonical) return { ok: false, code: 'non_canonical_path', detail: canonical };
  const segments = path.slice(1).split('/');
  const [, first, second, third, ...rest] = segments;
  if (rest.length === 0) {
    if (first === 'health' && second === undefined) return found({ name: 'health', signed: false });
    if (first === 'openapi.json' && second === undefined) return found({ name: 'openapi', signed: false });
    if (first === 'content' && third === undefined) {
      if (second === 'generate') return found({ name: 'generate', signed: true });
      if (second === 'ping') return found({ name: 'ping', signed: true });
      if (second === 'items') return found({ name: 'list_items', signed: true });
      if (second === 'runs') return found({ name: 'list_runs', signed: true });
    }
    const byId = first === 'content' && second !== undefined ? BY_ID.get(second) : undefined;
    if (byId && third !== undefined) {
      if (!byId.valid(third)) return { ok: false, code: 'validation_failed', detail: byId.detail, field: byId.field };
      return found({ name: byId.name, signed: true, id: third });
    }
  }
  return { ok: false, code: 'not_found', detail: `no route ${path}; see /api/openapi.json` };
}

function found(route: ApiRoute): RouteMatch {
  return { ok: true, route };
}

/**
 * The path of a request target exactly as it was sent, from the request's URL string, before any
 * URL parser resolves dot segments or percent-encoding: `http://h/api/./x?q` → `/api/./x`.
 */
export function rawRequestPath(url: string): string {
  const afterScheme = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  const end = afterScheme.search(/[?#]/);
  const path = end === -1 ? afterScheme : afterScheme.slice(0, end);
  return path === '' ? '/' : path;
}

/** Why a raw path under `/api` is not canonical, or null if it is. */
export function canonicalProblem(path: string): string | null {
  if (path.includes('//')) return 'empty path segment ("//")';
  if (path.length > 1 && path.endsWith('/')) return 'trailing slash';
  if (/\/\.{1,2}(\/|$)/.test(path)) return 'dot segment';
  if (path.includes('%')) return 'percent-encoded characters';
  if (!/^[A-Za-z0-9/._~-]*$/.test(path)) return 'characters outside the unreserved set';
  return null;
}
