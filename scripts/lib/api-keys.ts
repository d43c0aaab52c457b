import { randomBytes } from 'node:crypto';

/** A fresh keyset for local runs: one key id and a secret of 32 random bytes, base64url (DESIGN §7). */
export function generateContentApiKeys(keyId = 'local'): string {
  return JSON.stringify({ [keyId]: randomBytes(32).toString('base64url') });
}

/** The key ids of a `CONTENT_API_KEYS` value, or an error line saying what is wrong with it. */
export function keyIdsOf(raw: string): { ok: true; keyIds: string[] } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'CONTENT_API_KEYS is not JSON; expected {"<keyid>": "<secret>"}' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: 'CONTENT_API_KEYS must be a JSON object {"<keyid>": "<secret>"}' };
  }
  const entries = Object.entries(parsed);
  if (entries.length === 0) return { ok: false, error: 'CONTENT_API_KEYS has no keys' };
  const bad = entries.find(([, secret]) => typeof secret !== 'string' || secret.length < 16);
  if (bad) return { ok: false, error: `CONTENT_API_KEYS["${bad[0]}"] must be a string of at least 16 characters` };
  return { ok: true, keyIds: entries.map(([keyId]) => keyId) };
}
