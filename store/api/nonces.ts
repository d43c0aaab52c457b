/**
 * Signature nonces in D1 (`request_nonces`). A nonce is claimed once per key id, after its
 * signature verified; the primary key makes the claim atomic, so of two racing requests with the
 * same nonce exactly one wins. A row outlives the signature's acceptance window, after which the
 * nonce may be claimed again (the old signature can no longer be replayed anyway).
 */
export async function claimNonce(
  db: D1Database,
  claim: { keyId: string; nonce: string; createdMs: number; expiresMs: number; nowMs: number },
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO request_nonces (key_id, nonce, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (key_id, nonce) DO UPDATE SET created_ms = excluded.created_ms, expires_ms = excluded.expires_ms
       WHERE request_nonces.expires_ms < ?5`,
    )
    .bind(claim.keyId, claim.nonce, claim.createdMs, claim.expiresMs, claim.nowMs)
    .run();
  return result.meta.changes === 1;
}
