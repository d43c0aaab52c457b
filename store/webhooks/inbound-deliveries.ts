/** Who sent a webhook delivery; each source has its own id space. */
export type DeliverySource = 'twitch-eventsub' | 'github' | 'github-body';

/**
 * Webhook deliveries claimed once (`inbound_deliveries`), so a redelivery is acknowledged and
 * changes nothing. A claim is given back when the delivery could not be queued, so the sender's
 * retry is accepted instead of lost.
 */
export class InboundDeliveryStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** Claims a delivery id; false when it was claimed before (a redelivery). */
  async claim(source: DeliverySource, deliveryId: string, receivedMs: number): Promise<boolean> {
    const claimed = await this.#insert(source, deliveryId, receivedMs).all<{ delivery_id: string }>();
    return claimed.results.length === 1;
  }

  /**
   * Claims a GitHub delivery by its id and by the hash of its signed body in one batch: a delivery
   * seen under either is a duplicate (and says which matched). GitHub's own redelivery repeats both.
   */
  async claimGitHubDelivery(
    deliveryId: string,
    bodyHash: string,
    receivedMs: number,
  ): Promise<'claimed' | 'duplicate_delivery' | 'duplicate_body'> {
    const [byBody, byId] = await this.#db.batch<{ delivery_id: string }>([
      this.#insert('github-body', bodyHash, receivedMs),
      this.#insert('github', deliveryId, receivedMs),
    ]);
    const bodyNew = (byBody?.results.length ?? 0) === 1;
    const idNew = (byId?.results.length ?? 0) === 1;
    if (bodyNew && idNew) return 'claimed';
    if (bodyNew) {
      // The id was seen with another body: give the body back, it is not this delivery's to keep.
      await this.release('github-body', bodyHash);
      return 'duplicate_delivery';
    }
    // A replayed body under a fresh id keeps that id claimed: it names nothing GitHub will send.
    return idNew ? 'duplicate_body' : 'duplicate_delivery';
  }

  async release(source: DeliverySource, deliveryId: string): Promise<void> {
    await this.#db
      .prepare('DELETE FROM inbound_deliveries WHERE source = ?1 AND delivery_id = ?2')
      .bind(source, deliveryId)
      .run();
  }

  /** The one claim: a row only if the id is new; `RETURNING` says so inside a batch too. */
  #insert(source: DeliverySource, deliveryId: string, receivedMs: number): D1PreparedStatement {
    return this.#db
      .prepare(
        `INSERT INTO inbound_deliveries (source, delivery_id, received_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT (source, delivery_id) DO NOTHING RETURNING delivery_id`,
      )
      .bind(source, deliveryId, receivedMs);
  }
}
