import { fromBase64 } from '../../../core/encoding/base64.ts';
import { DIGEST_ALGORITHMS, parseContentDigest } from '../../../core/signing/content-digest.ts';
import { checkProfile, MAX_CLOCK_SKEW_SECONDS } from '../../../core/signing/profile.ts';
import { type MessageView, SignatureBaseError, signatureBase } from '../../../core/signing/signature-base.ts';
import { timingSafeEqual } from '../../../core/signing/timing-safe.ts';
import { pruneExpired } from '../../../store/api/expired-rows.ts';
import { claimNonce } from '../../../store/api/nonces.ts';
import type { ApiDeps } from './deps.ts';
import { keyset } from './keys.ts';
import { problem } from './responses.ts';

/** One request in this many also prunes expired nonces, off the critical path. */
const PRUNE_EVERY = 64;
const encoder = new TextEncoder();

export type Authenticated = { ok: true; keyId: string } | { ok: false; response: Response };

/**
 * Verifies a request against the signing profile (core/signing/profile.ts), in this order: profile
 * rules, key id, signature base, HMAC (Web Crypto's constant-time verify), Content-Digest against
 * the body, and last the nonce claim in D1, so only a request that verified can use up a nonce.
 */
export async function authenticate(
  request: Request,
  url: URL,
  body: Uint8Array<ArrayBuffer>,
  deps: ApiDeps,
): Promise<Authenticated> {
  const now = deps.now();
  const profile = checkProfile({
    signatureInput: request.headers.get('signature-input'),
    signature: request.headers.get('signature'),
    method: request.method,
    hasIdempotencyKey: request.headers.has('idempotency-key'),
    nowSeconds: Math.floor(now / 1000),
  });
  if (!profile.ok) return deny(problem(profile.code, profile.detail, profile.field));

  const keys = await keyset(deps.apiKeys);
  if (keys === null)
    return deny(problem('configuration_error', 'CONTENT_API_KEYS is not a JSON object of key id → secret'));
  const key = keys.get(profile.keyId);
  if (!key) return deny(problem('unknown_key', `no key with id ${JSON.stringify(profile.keyId)}`, 'keyid'));

  let base: string;
  try {
    base = signatureBase(messageView(request, url), profile.signatureParams);
  } catch (error) {
    if (!(error instanceof SignatureBaseError)) throw error;
    return deny(problem(error.reason, error.message, error.component));
  }
  const mac = fromBase64(profile.signature);
  if (mac === null) return deny(problem('signature_malformed', 'the Signature value is not base64'));
  if (!(await crypto.subtle.verify('HMAC', key, mac, encoder.encode(base)))) {
    return deny(problem('signature_invalid', 'the signature does not match the request; check the key and components'));
  }

  const digest = parseContentDigest(request.headers.get('content-digest'));
  if (!digest.ok) return deny(problem('content_digest_invalid', digest.detail, 'Content-Digest'));
  for (const { algorithm, digest: expected } of digest.digests) {
    const actual = new Uint8Array(await crypto.subtle.digest(DIGEST_ALGORITHMS[algorithm], body));
    if (!timingSafeEqual(actual, expected)) {
      return deny(
        problem('content_digest_mismatch', `the body does not match its ${algorithm} digest`, 'Content-Digest'),
      );
    }
  }

  const claimed = await claimNonce(deps.db, {
    keyId: profile.keyId,
    nonce: profile.nonce,
    createdMs: profile.created * 1000,
    // Past this, `created` is outside the window and the signature cannot be replayed anyway.
    expiresMs: (profile.created + MAX_CLOCK_SKEW_SECONDS + 1) * 1000,
    nowMs: now,
  });
  if (!claimed) return deny(problem('nonce_replayed', 'this nonce was already used; sign each request anew', 'nonce'));
  if (Math.random() < 1 / PRUNE_EVERY) deps.waitUntil(pruneExpired(deps.db, 'request_nonces', now).catch(() => 0));
  return { ok: true, keyId: profile.keyId };
}

function deny(response: Response): Authenticated {
  return { ok: false, response };
}

/** The request as RFC 9421 components see it: the URL as received, header values as combined by Headers. */
export function messageView(request: Request, url: URL): MessageView {
  return {
    method: request.method,
    scheme: url.protocol.replace(/:$/, ''),
    authority: url.host,
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    header: (name) => request.headers.get(name),
  };
}
