import { toBase64 } from '../core/encoding/base64.ts';
import { requiredComponents } from '../core/signing/profile.ts';
import { signMessage } from '../core/signing/sign.ts';

export interface SignRequestInput {
  method: string;
  url: string | URL;
  /** Headers to send; `content-type` and `idempotency-key` are covered when present. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  keyId: string;
  /** The key's secret string; its UTF-8 bytes are the HMAC key. */
  secret: string;
  /** Unix seconds; defaults to now. */
  created?: number;
  /** Defaults to a random UUID. */
  nonce?: string;
}

const encoder = new TextEncoder();

/**
 * Signs a request for the content API: returns the headers to send (the given ones plus
 * `Content-Digest`, `Signature-Input` and `Signature`), covering exactly what the server requires.
 * Uses Web Crypto, so it runs in Node ≥ 22, Workers and browsers.
 */
export async function signRequest(input: SignRequestInput): Promise<Record<string, string>> {
  const url = new URL(input.url);
  const method = input.method.toUpperCase();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = new Uint8Array(typeof input.body === 'string' ? encoder.encode(input.body) : (input.body ?? []));
  if (method === 'POST') headers['content-type'] ??= 'application/json';
  headers['content-digest'] = `sha-256=:${toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', body)))}:`;

  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(input.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signed = await signMessage(
    {
      method,
      scheme: url.protocol.replace(/:$/, ''),
      authority: url.host,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      header: (name) => headers[name] ?? null,
    },
    {
      keyId: input.keyId,
      nonce: input.nonce ?? crypto.randomUUID(),
      created: input.created ?? Math.floor(Date.now() / 1000),
      components: requiredComponents(method, 'idempotency-key' in headers),
    },
    async (base) => new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(base))),
  );
  return { ...headers, 'signature-input': signed.signatureInput, signature: signed.signature };
}
