import type { Problem } from '../openapi/api-schemas.ts';
import { ContentFilters, ContentGenerationRequest } from '../schemas/content-generation.ts';
import { problemDocument } from './problems.ts';

/** Without `start`/`end`, `GET /api/content/items` spans all time. */
export const OPEN_START = '1970-01-01T00:00:00Z';
export const OPEN_END = '9999-12-31T23:59:59Z';

const TOP_LEVEL = ['page', 'limit', 'sort_by', 'sort_order', 'repository'] as const;
const INTEGERS = new Set(['page', 'limit', 'min_views']);
const NUMBERS = new Set(['min_content_score', 'min_duration', 'max_duration', 'min_confidence']);
const BOOLEANS = new Set(['has_transcript', 'has_github_context']);
const FILTER_KEYS = new Set(Object.keys(ContentFilters.shape));
/** Comma-separated lists; `platform` is one value in the plan, a list is our extension. */
const LISTS = new Set([
  ...Object.entries(ContentFilters.shape)
    .filter(([, schema]) => schema.unwrap().type === 'array')
    .map(([key]) => key),
  'platform',
]);

/**
 * The query parameters of `GET /api/content/items` as a generate request: the same paging, sorting,
 * date bounds (`start`, `end`) and filters; lists are comma-separated. Each parameter may appear
 * once; an unknown one is refused so a typo never silently widens the result. A failure names the
 * query parameter in `field`.
 */
export function itemsQuery(
  entries: Iterable<[string, string]>,
): { ok: true; value: ContentGenerationRequest } | { ok: false; problem: Problem } {
  const top: Record<string, unknown> = {};
  const filters: Record<string, unknown> = {};
  const range = { start: OPEN_START, end: OPEN_END };
  const seen = new Set<string>();
  for (const [name, raw] of entries) {
    if (seen.has(name)) return bad('validation_failed', `${name} is given more than once`, name);
    seen.add(name);
    const value = convert(name, raw);
    if (name === 'start' || name === 'end') range[name] = raw;
    else if ((TOP_LEVEL as readonly string[]).includes(name)) top[name] = value;
    else if (FILTER_KEYS.has(name)) filters[name] = value;
    else return bad('unknown_parameter', `unknown query parameter ${JSON.stringify(name.slice(0, 50))}`, name);
  }
  const result = ContentGenerationRequest.safeParse({ ...top, date_range: range, filters });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const field = String((path[0] === 'filters' || path[0] === 'date_range' ? path[1] : path[0]) ?? 'query');
  return bad('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

function convert(name: string, raw: string): unknown {
  if (INTEGERS.has(name) || NUMBERS.has(name)) {
    const number = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    return Number.isNaN(number) ? raw : number;
  }
  if (BOOLEANS.has(name)) return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (LISTS.has(name)) return raw.split(',');
  return raw;
}

function bad(code: 'validation_failed' | 'unknown_parameter', detail: string, field: string) {
  return { ok: false as const, problem: problemDocument(code, detail, field) };
}
