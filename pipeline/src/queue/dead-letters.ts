/** Keeps a message that cannot succeed in D1, once per queue and message id, for inspection and replay. */
export async function recordDeadLetter(
  db: D1Database,
  queue: string,
  message: Message<unknown>,
  reason: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO dead_letters (queue, message_id, body, attempts, received_ms)
       VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (queue, message_id) DO NOTHING`,
    )
    .bind(queue, message.id, JSON.stringify({ reason, body: message.body }), message.attempts, Date.now())
    .run();
}
