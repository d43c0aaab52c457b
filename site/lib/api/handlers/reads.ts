import { itemsQuery } from '../../../../core/api/items-query.ts';
import { pagination } from '../../../../core/api/pagination.ts';
import type { ContentItemList } from '../../../../core/openapi/api-schemas.ts';
import { JobStore } from '../../../../store/api/jobs.ts';
import { ContentItemStore } from '../../../../store/content-items/store.ts';
import type { ApiDeps } from '../deps.ts';
import { json, problem, problemResponse, serverTiming } from '../responses.ts';

/** `GET /api/content/items`: the generate request's filters as query parameters, from the D1 index. */
export async function listItems(url: URL, deps: ApiDeps): Promise<Response> {
  const query = itemsQuery(url.searchParams.entries());
  if (!query.ok) return problemResponse(query.problem);
  const started = performance.now();
  const page = await new ContentItemStore(deps.db, { timeZone: deps.timeZone }).list(query.value);
  const body = {
    content_items: page.items,
    pagination: pagination(query.value.page, query.value.limit, page.total),
  } satisfies ContentItemList;
  return json(body, 200, serverTiming(started));
}

/** `GET /api/content/items/{id}`. */
export async function getItem(id: string, deps: ApiDeps): Promise<Response> {
  const started = performance.now();
  const item = await new ContentItemStore(deps.db).get(id);
  return item ? json(item, 200, serverTiming(started)) : problem('not_found', `no content item ${id}`, 'id');
}

/** `GET /api/content/jobs/{job_id}`: only the key that created a job can see it. */
export async function getJob(id: string, keyId: string, deps: ApiDeps): Promise<Response> {
  const job = await new JobStore(deps.db).get(id, keyId);
  return job ? json(job) : problem('not_found', `no job ${id} for this key`, 'job_id');
}
