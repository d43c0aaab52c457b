import { verifyHmacSha256 } from '../../../store/web-crypto.ts';

/**
 * Whether `signature` (`sha256=<hex>`) is the HMAC-SHA256 of `messageId + timestamp + body` under one
 * of `secrets` (https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message).
 * Several secrets let the secret rotate: the new one is tried first, the old one until it is retired.
 * Checked over the raw body bytes, never a re-serialisation.
 */
export function verifyEventSubSignature(
  secrets: readonly string[],
  messageId: string,
  timestamp: string,
  body: Uint8Array,
  signature: string,
): Promise<boolean> {
  return verifyHmacSha256(secrets, eventSubSignedBytes(messageId, timestamp, body), signature);
}

/** The bytes Twitch signs: the message id and timestamp headers, then the body. */
function eventSubSignedBytes(messageId: string, timestamp: string, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = new TextEncoder().encode(messageId + timestamp);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  return signed;
}
