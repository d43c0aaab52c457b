import { signHmacSha256, verifyHmacSha256 } from '../../../store/web-crypto.ts';

/**
 * Whether `X-Hub-Signature-256` (`sha256=<hex>`) is GitHub's HMAC-SHA256 of the exact body bytes
 * under any of the secrets (the current one and, during rotation, the previous one).
 */
export function verifyGitHubSignature(
  body: ArrayBuffer | Uint8Array<ArrayBuffer>,
  header: string | null,
  secrets: readonly string[],
): Promise<boolean> {
  return verifyHmacSha256(secrets, body, header);
}

/** `sha256=<hex>` for a body, as GitHub would send it: for tests and for signing redeliveries locally. */
export function signGitHubBody(body: ArrayBuffer | Uint8Array<ArrayBuffer> | string, secret: string): Promise<string> {
  return signHmacSha256(secret, body);
}
