import { env } from 'cloudflare:test';
import { signRequest } from '../../../client/sign-request.ts';
import type { ApiDeps } from '../../../site/lib/api/deps.ts';
import { handleApiRequest } from '../../../site/lib/api/handle-request.ts';

export const ORIGIN = 'https://blog.example.com';
export const KEYS = { 'client-a': 'secret-a-0123456789abcdef', 'client-b': 'secret-b-0123456789abcdef' };
/** 2026-11-10T02:00:00Z */
export const T0 = Date.parse('2026-11-10T02:00:00Z');

/** One path per route of the content API, with a valid id where the route takes one. */
export const ROUTE_PATHS = [
  '/api/content/generate',
  '/api/content/items',
  '/api/content/ping',
  '/api/content/items/twitch-abc',
  `/api/content/jobs/job_${'a'.repeat(32)}`,
  '/api/content/runs',
  '/api/content/runs/run_0123456789abcdef',
  '/api/health',
  '/api/openapi.json',
];

export interface Harness {
  deps: ApiDeps;
  clock: { now: number };
  pending: Promise<unknown>[];
  send(request: Request): Promise<Response>;
}

/** Real local D1 and Queue from the test env, a settable clock, a given keyset. */
export function harness(keys: Record<string, string> = KEYS): Harness {
  const clock = { now: T0 };
  const pending: Promise<unknown>[] = [];
  const deps: ApiDeps = {
    db: env.DB,
    queue: env.PIPELINE_QUEUE,
    apiKeys: JSON.stringify(keys),
    timeZone: 'UTC',
    now: () => clock.now,
    randomId: () => crypto.randomUUID(),
    waitUntil: (promise) => void pending.push(promise),
    maxBodyBytes: 64 * 1024,
  };
  return { deps, clock, pending, send: (request) => handleApiRequest(request, deps) };
}

export interface SignedOptions {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  keyId?: string;
  secret?: string;
  created?: number;
  nonce?: string;
}

/** A request signed by the project's client, as an independent caller would send it. */
export async function signed(options: SignedOptions): Promise<Request> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const keyId = options.keyId ?? 'client-a';
  const url = `${ORIGIN}${options.path}`;
  const headers = await signRequest({
    method,
    url,
    headers: options.headers ?? {},
    body: options.body ?? '',
    keyId,
    secret: options.secret ?? KEYS[keyId as keyof typeof KEYS] ?? 'unknown-secret-0123456789',
    created: options.created ?? Math.floor(T0 / 1000),
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
  return new Request(url, { method, headers, ...(method === 'GET' ? {} : { body: options.body ?? '' }) });
}

/** The JSON body of a response, with its status. */
export async function read(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
