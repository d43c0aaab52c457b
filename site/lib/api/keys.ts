/** The content API keyset: key id → HMAC key. */
export type Keyset = ReadonlyMap<string, CryptoKey>;

let cached: { raw: string; keys: Promise<Keyset | null> } | undefined;

/**
 * Parses `CONTENT_API_KEYS` (`{ "<keyid>": "<secret>" }`) and imports each secret's UTF-8 bytes as
 * an HMAC-SHA256 key, once per distinct value. `null` when the value is not such an object, which
 * the API reports as a configuration error rather than letting any request through.
 */
export function keyset(raw: string): Promise<Keyset | null> {
  if (cached?.raw !== raw) cached = { raw, keys: importKeys(raw) };
  return cached.keys;
}

async function importKeys(raw: string): Promise<Keyset | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed);
  if (entries.length === 0 || entries.some(([, secret]) => typeof secret !== 'string' || secret === '')) return null;
  const encoder = new TextEncoder();
  const keys = new Map<string, CryptoKey>();
  for (const [keyId, secret] of entries) {
    const key = await crypto.subtle.importKey(
      'raw',
      encoder.encode(String(secret)),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(keyId, key);
  }
  return keys;
}
