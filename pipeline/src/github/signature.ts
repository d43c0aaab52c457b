const encoder = new TextEncoder();

/**
 * Whether `X-Hub-Signature-256` (`sha256=<hex>`) is GitHub's HMAC-SHA256 of the exact body bytes
 * under any of the secrets (the current one and, during rotation, the previous one). The MAC is
 * checked with `crypto.subtle.verify`, which compares in constant time.
 */
export async function verifyGitHubSignature(
  body: ArrayBuffer | Uint8Array<ArrayBuffer>,
  header: string | null,
  secrets: readonly string[],
): Promise<boolean> {
  const match = header === null ? null : /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const mac = hexBytes(match[1]);
  let valid = false;
  // Every configured secret is tried, so timing does not reveal which one (if any) matched.
  for (const secret of secrets) {
    if (!secret) continue;
    const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    if (await crypto.subtle.verify('HMAC', key, mac, body)) valid = true;
  }
  return valid;
}

/** `sha256=<hex>` for a body, as GitHub would send it: for tests and for signing redeliveries locally. */
export async function signGitHubBody(
  body: ArrayBuffer | Uint8Array<ArrayBuffer> | string,
  secret: string,
): Promise<string> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
