/**
 * The Web Crypto helpers both Workers (and the CLI on Node) share: one SHA-256 hex, one HMAC-SHA256
 * hex signature check. They live beside the stores rather than in core/, whose tsconfig has no
 * runtime globals (Web Crypto included).
 */

const encoder = new TextEncoder();

type Bytes = string | ArrayBufferView | ArrayBuffer;

/** Lower-case hex SHA-256 of text (UTF-8) or bytes: content addresses, fingerprints, request and payload hashes. */
export async function sha256Hex(data: Bytes): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytesOf(data))));
}

/** `sha256=<hex>`: the HMAC-SHA256 of `message` under `secret`, as GitHub and Twitch EventSub send it. */
export async function signHmacSha256(secret: string, message: Bytes): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), bytesOf(message));
  return `sha256=${toHex(new Uint8Array(mac))}`;
}

/**
 * Whether `signature` (`sha256=<64 hex>`, either case) is the HMAC-SHA256 of the exact `message`
 * bytes under any of `secrets` (several while a secret rotates; empty ones are skipped). Web
 * Crypto's verify compares in constant time, and every secret is tried, so timing reveals neither
 * where a MAC differs nor which secret matched.
 */
export async function verifyHmacSha256(
  secrets: readonly string[],
  message: Bytes,
  signature: string | null,
): Promise<boolean> {
  const match = signature === null ? null : /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match?.[1]) return false;
  const mac = fromHex(match[1]);
  const bytes = bytesOf(message);
  let valid = false;
  for (const secret of secrets) {
    if (!secret) continue;
    if (await crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), mac, bytes)) valid = true;
  }
  return valid;
}

function hmacKey(secret: string, use: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [use]);
}

// The DOM typings spell out that Web Crypto refuses views of shared memory; the Workers typings
// (where TextEncoder's bytes are not typed as unshared) do not, so the cast serves both.
function bytesOf(data: Bytes): BufferSource {
  return (typeof data === 'string' ? encoder.encode(data) : data) as BufferSource;
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
