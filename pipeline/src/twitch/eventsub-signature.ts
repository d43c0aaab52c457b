const encoder = new TextEncoder();

/**
 * Whether `signature` (`sha256=<hex>`) is the HMAC-SHA256 of `messageId + timestamp + body` under one
 * of `secrets` (https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message).
 * Several secrets let the secret rotate: the new one is tried first, the old one until it is retired.
 * Compared in constant time over the raw body bytes, never a re-serialisation.
 */
export async function verifyEventSubSignature(
  secrets: readonly string[],
  messageId: string,
  timestamp: string,
  body: Uint8Array,
  signature: string,
): Promise<boolean> {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match?.[1]) return false;
  const expected = hexToBytes(match[1].toLowerCase());
  const prefix = encoder.encode(messageId + timestamp);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  let valid = false;
  for (const secret of secrets) {
    const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const actual = new Uint8Array(await crypto.subtle.sign('HMAC', key, signed));
    // Check every secret, so timing does not reveal which one matched.
    valid = constantTimeEqual(actual, expected) || valid;
  }
  return valid;
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
