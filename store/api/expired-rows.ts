/** The tables whose rows carry an `expires_ms` after which nothing reads them. */
export type ExpiringTable = 'request_nonces' | 'idempotency_records';

/**
 * Deletes up to `limit` rows of `table` whose `expires_ms` has passed. Called now and then, off the
 * request's critical path; the limit keeps one call short however much has piled up.
 */
export async function pruneExpired(db: D1Database, table: ExpiringTable, nowMs: number, limit = 500): Promise<number> {
  const result = await db
    .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE expires_ms <= ?1 LIMIT ?2)`)
    .bind(nowMs, limit)
    .run();
  return result.meta.changes;
}
