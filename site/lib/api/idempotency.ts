import { sortKeys } from '../../../core/openapi/stable-json.ts';
import { pruneExpired } from '../../../store/api/expired-rows.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  type StoredResponse,
} from '../../../store/api/idempotency-records.ts';
import { sha256Hex } from '../../../store/web-crypto.ts';
import type { ApiDeps } from './deps.ts';
import { problem } from './responses.ts';

/** Records (and so replays) are kept this long: the IETF draft's "at least 24 hours". */
export const RETAIN_MS = 24 * 60 * 60 * 1000 + 60 * 60 * 1000;
/** An in-flight claim older than this is presumed abandoned. */
export const LOCK_MS = 60 * 1000;
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Response headers stored with a record and sent again on replay. */
const KEPT_HEADERS = ['content-type', 'location'];
const PRUNE_EVERY = 16;

/** The key from `Idempotency-Key` (an RFC 8941 string, or a bare token) or `null` if absent; `false` if malformed. */
export function headerIdempotencyKey(value: string | null): string | null | false {
  if (value === null) return null;
  const quoted = /^"([\x21\x23-\x5b\x5d-\x7e]{1,255})"$/.exec(value.trim());
  if (quoted?.[1]) return quoted[1];
  return /^[\x21\x23-\x7e]{1,255}$/.test(value.trim()) ? value.trim() : false;
}

/** SHA-256 over method, path and the parsed request with sorted keys, so `{}` and the defaults spelled out match. */
export async function requestHash(method: string, path: string, request: object): Promise<string> {
  return sha256Hex(`${method} ${path}\n${JSON.stringify(sortKeys(request))}`);
}

/**
 * Runs `handle` at most once per (key id, idempotency key): a repeat of the same request replays
 * the stored response with `Idempotent-Replayed: true`; a different request under the same key is
 * 422; a repeat while the first is still running is 409 with `Retry-After`. A response of ours that
 * is a 5xx, or a throw, releases the claim so the client can retry.
 */
/** The claim a handler runs under: it may record its own response atomically with its work. */
export interface OwnedClaim {
  keyId: string;
  idempotencyKey: string;
  claimToken: string;
}

/** A handler's answer; `recorded` says the handler already completed the record itself (in one batch with its writes). */
export type Handled = Response | { response: Response; recorded: true };

export async function idempotent(
  deps: ApiDeps,
  scope: { keyId: string; idempotencyKey: string; requestHash: string },
  handle: (claim: OwnedClaim) => Promise<Handled>,
): Promise<Response> {
  const claim = { ...scope, claimToken: deps.randomId() };
  const now = deps.now();
  const outcome = await claimIdempotencyKey(deps.db, { ...claim, nowMs: now, lockMs: LOCK_MS, retainMs: RETAIN_MS });
  if (Math.random() < 1 / PRUNE_EVERY) deps.waitUntil(pruneExpired(deps.db, 'idempotency_records', now).catch(() => 0));
  switch (outcome.kind) {
    case 'mismatch':
      return problem(
        'idempotency_key_reused',
        'this idempotency key was used with a different request; use a new key for a new request',
        'Idempotency-Key',
      );
    case 'in_flight':
      return problem(
        'idempotency_in_flight',
        'the first request with this key is still running; retry later',
        'Idempotency-Key',
        {
          'retry-after': String(outcome.retryAfterSeconds),
        },
      );
    case 'replay':
      return replay(outcome.response);
    case 'claimed':
      break;
  }
  let handled: Handled;
  try {
    handled = await handle(claim);
  } catch (error) {
    await releaseIdempotencyKey(deps.db, claim).catch(() => undefined);
    throw error;
  }
  if (!(handled instanceof Response)) return handled.response;
  const response = handled;
  if (response.status >= 500) {
    await releaseIdempotencyKey(deps.db, claim);
    return response;
  }
  const body = await response.text();
  const headers = keptHeaders(response);
  await completeIdempotencyKey(deps.db, claim, { status: response.status, headers, body });
  return new Response(body, { status: response.status, headers: response.headers });
}

/** A stored response sent again, marked `Idempotent-Replayed: true`. */
export function replay(stored: StoredResponse): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { ...stored.headers, 'cache-control': 'no-store', [REPLAYED_HEADER]: 'true' },
  });
}

/** The response headers kept with a record. */
export function keptHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}
