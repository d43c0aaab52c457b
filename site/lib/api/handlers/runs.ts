import { pagination } from '../../../../core/api/pagination.ts';
import { runsQuery } from '../../../../core/api/runs-query.ts';
import type { RunRecordList } from '../../../../core/openapi/api-schemas.ts';
import { RunRecordStore } from '../../../../store/runs/run-records.ts';
import type { ApiDeps } from '../deps.ts';
import { json, problem, problemResponse, serverTiming } from '../responses.ts';

/** `GET /api/content/runs`: pipeline run records (the `runs` table the pipeline writes), newest first. */
export async function listRuns(url: URL, deps: ApiDeps): Promise<Response> {
  const query = runsQuery(url.searchParams.entries());
  if (!query.ok) return problemResponse(query.problem);
  const started = performance.now();
  const page = await new RunRecordStore(deps.db).query(query.value);
  const body = {
    runs: page.runs,
    pagination: pagination(query.value.page, query.value.limit, page.total),
  } satisfies RunRecordList;
  return json(body, 200, serverTiming(started));
}

/** `GET /api/content/runs/{run_id}`: one run record. */
export async function getRun(runId: string, deps: ApiDeps): Promise<Response> {
  const started = performance.now();
  const run = await new RunRecordStore(deps.db).get(runId);
  return run ? json(run, 200, serverTiming(started)) : problem('not_found', `no run ${runId}`, 'run_id');
}
