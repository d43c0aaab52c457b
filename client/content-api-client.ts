import type { ContentItemList, Problem, RunRecordList } from '../core/openapi/api-schemas.ts';
import type { ContentGenerationRequestInput, ContentGenerationResponse } from '../core/schemas/content-generation.ts';
import type { ContentItem } from '../core/schemas/content-item.ts';
import type { Job } from '../core/schemas/job.ts';
import type { RunListQuery, RunRecord } from '../core/schemas/run-record.ts';
import { signRequest } from './sign-request.ts';

export interface ContentApiClientOptions {
  /** e.g. `http://localhost:8787` */
  baseUrl: string;
  keyId: string;
  secret: string;
  /** Injected so tests, Workers and Node all bring their own; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** A problem+json answer from the API, or a response that was not one. */
export class ContentApiError extends Error {
  override readonly name = 'ContentApiError';
  readonly status: number;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null) {
    super(problem ? `${problem.code}: ${problem.detail}` : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export interface ItemsQuery {
  [name: string]: string | number | boolean | readonly string[] | undefined;
}

/** A small signed client for the Streamlog content API (docs/api.md). */
export class ContentApiClient {
  readonly #options: ContentApiClientOptions;
  readonly #fetch: typeof fetch;

  constructor(options: ContentApiClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Sync: the page, counts and suggestions. Async: the queued job (202). */
  generate(
    request: ContentGenerationRequestInput,
    options: { idempotencyKey?: string } = {},
  ): Promise<{ status: number; body: ContentGenerationResponse | Job; replayed: boolean }> {
    const headers: Record<string, string> = options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {};
    return this.request('POST', '/api/content/generate', JSON.stringify(request), headers);
  }

  async getJob(jobId: string): Promise<Job> {
    return (await this.request<Job>('GET', `/api/content/jobs/${encodeURIComponent(jobId)}`)).body;
  }

  /** Polls a job until it completes or fails, or `timeoutMs` passes. */
  async waitForJob(jobId: string, { timeoutMs = 30_000, intervalMs = 100 } = {}): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.getJob(jobId);
      if (job.job_status === 'completed' || job.job_status === 'failed' || Date.now() > deadline) return job;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** `GET /api/content/items`: the plan's filters (and our extensions) as query parameters; lists comma-joined. */
  async listItems(query: ItemsQuery = {}): Promise<ContentItemList> {
    return (await this.request<ContentItemList>('GET', `/api/content/items${searchOf(query)}`)).body;
  }

  async getItem(id: string): Promise<ContentItem> {
    return (await this.request<ContentItem>('GET', `/api/content/items/${encodeURIComponent(id)}`)).body;
  }

  /** `GET /api/content/runs`: pipeline run records, newest first (default 20 a page, at most 100). */
  async listRuns(query: Partial<RunListQuery> = {}): Promise<RunRecordList> {
    return (await this.request<RunRecordList>('GET', `/api/content/runs${searchOf(query)}`)).body;
  }

  async getRun(runId: string): Promise<RunRecord> {
    return (await this.request<RunRecord>('GET', `/api/content/runs/${encodeURIComponent(runId)}`)).body;
  }

  /** Checks that signing works: a static answer behind the same authentication. */
  async ping(): Promise<{ ok: boolean; key_id: string }> {
    return (await this.request<{ ok: boolean; key_id: string }>('GET', '/api/content/ping')).body;
  }

  /** Signs and sends one request; throws `ContentApiError` for any non-2xx answer. */
  async request<T>(
    method: string,
    path: string,
    body = '',
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; body: T; replayed: boolean }> {
    const url = new URL(path, this.#options.baseUrl);
    const headers = await signRequest({
      method,
      url,
      headers: extraHeaders,
      body,
      keyId: this.#options.keyId,
      secret: this.#options.secret,
    });
    const response = await this.#fetch(url, { method, headers, ...(method === 'GET' ? {} : { body }) });
    const text = await response.text();
    const parsed = text === '' ? null : safeJson(text);
    if (!response.ok) throw new ContentApiError(response.status, isProblem(parsed) ? parsed : null);
    return {
      status: response.status,
      body: parsed as T,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  }
}

/** `?a=1&b=x,y` from the given parameters (lists comma-joined), or `` when there are none. */
function searchOf(query: ItemsQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.size > 0 ? `?${params}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value;
}
