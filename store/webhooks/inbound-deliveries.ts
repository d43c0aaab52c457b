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
    const result = await this.#db
      .prepare(
        `INSERT INTO inbound_deliveries (source, delivery_id, received_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT (source, delivery_id) DO NOTHING`,
      )
      .bind(source, deliveryId, receivedMs)
      .run();
    return result.meta.changes > 0;
  }

  async release(source: DeliverySource, deliveryId: string): Promise<void> {
    await this.#db
      .prepare('DELETE FROM inbound_deliveries WHERE source = ?1 AND delivery_id = ?2')
      .bind(source, deliveryId)
      .run();
  }
}
