/** A response kept for replay: status, the headers worth replaying, and the body text. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight'; retryAfterSeconds: number }
  | { kind: 'mismatch' };

export interface ClaimRequest {
  keyId: string;
  idempotencyKey: string;
  requestHash: string;
  claimToken: string;
  nowMs: number;
  /** How long an in-flight claim holds before it counts as abandoned. */
  lockMs: number;
  /** How long the record (and so the replay) is kept. */
  retainMs: number;
}

interface RecordRow {
  request_hash: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  lock_expires_ms: number;
}

/**
 * IETF Idempotency-Key records in D1 (`idempotency_records`), scoped to the API key id.
 * One statement claims a key: a new key, an expired record, or an abandoned in-flight claim for
 * the same request is taken; anything else is left alone and reported.
 */
export async function claimIdempotencyKey(db: D1Database, claim: ClaimRequest): Promise<ClaimOutcome> {
  const taken = await db
    .prepare(
      `INSERT INTO idempotency_records
         (key_id, idempotency_key, request_hash, state, created_ms, lock_expires_ms, expires_ms, claim_token)
       VALUES (?1, ?2, ?3, 'in_flight', ?4, ?5, ?6, ?7)
       ON CONFLICT (key_id, idempotency_key) DO UPDATE SET
         request_hash = excluded.request_hash, state = 'in_flight', response_status = NULL,
         response_headers = NULL, response_body = NULL, created_ms = excluded.created_ms,
         lock_expires_ms = excluded.lock_expires_ms, expires_ms = excluded.expires_ms,
         claim_token = excluded.claim_token
       WHERE idempotency_records.expires_ms <= ?4
          OR (idempotency_records.state = 'in_flight' AND idempotency_records.lock_expires_ms <= ?4
              AND idempotency_records.request_hash = excluded.request_hash)
       RETURNING claim_token`,
    )
    .bind(
      claim.keyId,
      claim.idempotencyKey,
      claim.requestHash,
      claim.nowMs,
      claim.nowMs + claim.lockMs,
      claim.nowMs + claim.retainMs,
      claim.claimToken,
    )
    .first<{ claim_token: string }>();
  if (taken?.claim_token === claim.claimToken) return { kind: 'claimed' };

  const row = await selectRecord(db, claim.keyId, claim.idempotencyKey);
  if (row && row.request_hash !== claim.requestHash) return { kind: 'mismatch' };
  return outcomeOf(row, claim.nowMs);
}

function selectRecord(db: D1Database, keyId: string, idempotencyKey: string): Promise<RecordRow | null> {
  return db
    .prepare(
      `SELECT request_hash, state, response_status, response_headers, response_body, lock_expires_ms
       FROM idempotency_records WHERE key_id = ?1 AND idempotency_key = ?2`,
    )
    .bind(keyId, idempotencyKey)
    .first<RecordRow>();
}

/**
 * A record someone else holds: its stored response once completed; until then, when to ask again.
 * No row means it was deleted after the claim failed (released by its owner): ask again at once.
 */
function outcomeOf(row: RecordRow | null, nowMs: number): ClaimOutcome {
  if (!row || row.state === 'in_flight') {
    return {
      kind: 'in_flight',
      retryAfterSeconds: row ? Math.max(1, Math.ceil((row.lock_expires_ms - nowMs) / 1000)) : 1,
    };
  }
  return {
    kind: 'replay',
    response: {
      status: row.response_status ?? 200,
      headers: row.response_headers ? (JSON.parse(row.response_headers) as Record<string, string>) : {},
      body: row.response_body ?? '',
    },
  };
}

/**
 * The statement that stores the final response of a claim (nothing if the claim was taken over),
 * for a batch that must write it together with the work it records.
 */
export function completeIdempotencyStatement(
  db: D1Database,
  claim: Pick<ClaimRequest, 'keyId' | 'idempotencyKey' | 'claimToken'>,
  response: StoredResponse,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE idempotency_records SET state = 'completed', response_status = ?4, response_headers = ?5, response_body = ?6
       WHERE key_id = ?1 AND idempotency_key = ?2 AND claim_token = ?3 AND state = 'in_flight'`,
    )
    .bind(
      claim.keyId,
      claim.idempotencyKey,
      claim.claimToken,
      response.status,
      JSON.stringify(response.headers),
      response.body,
    );
}

/** The SQL condition "this claim still owns its record", with `?k ?i ?t` bound to key id, key, token. */
export const CLAIM_OWNED_SQL = (k: number, i: number, t: number) =>
  `EXISTS (SELECT 1 FROM idempotency_records WHERE key_id = ?${k} AND idempotency_key = ?${i}
           AND claim_token = ?${t} AND state = 'in_flight')`;

/** The record of a key as it stands: completed (its response), in flight, or gone. */
export async function readIdempotencyRecord(
  db: D1Database,
  keyId: string,
  idempotencyKey: string,
  nowMs: number,
): Promise<ClaimOutcome> {
  return outcomeOf(await selectRecord(db, keyId, idempotencyKey), nowMs);
}

/** Deletes a claim's record whatever its state (its recorded work was undone). */
export function dropIdempotencyStatement(
  db: D1Database,
  claim: Pick<ClaimRequest, 'keyId' | 'idempotencyKey' | 'claimToken'>,
): D1PreparedStatement {
  return db
    .prepare('DELETE FROM idempotency_records WHERE key_id = ?1 AND idempotency_key = ?2 AND claim_token = ?3')
    .bind(claim.keyId, claim.idempotencyKey, claim.claimToken);
}

/** Stores the final response of a claim; does nothing if the claim was taken over meanwhile. */
export async function completeIdempotencyKey(
  db: D1Database,
  claim: Pick<ClaimRequest, 'keyId' | 'idempotencyKey' | 'claimToken'>,
  response: StoredResponse,
): Promise<boolean> {
  const result = await completeIdempotencyStatement(db, claim, response).run();
  return result.meta.changes === 1;
}

/** Gives a claim up (the request failed on our side), so a retry with the same key can run. */
export async function releaseIdempotencyKey(
  db: D1Database,
  claim: Pick<ClaimRequest, 'keyId' | 'idempotencyKey' | 'claimToken'>,
): Promise<void> {
  await db
    .prepare(
      `DELETE FROM idempotency_records WHERE key_id = ?1 AND idempotency_key = ?2 AND claim_token = ?3 AND state = 'in_flight'`,
    )
    .bind(claim.keyId, claim.idempotencyKey, claim.claimToken)
    .run();
}
