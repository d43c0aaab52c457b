import { fromBase64 } from '../encoding/base64.ts';
import { parseDictionary, StructuredFieldError } from './structured-fields.ts';

/** Digest algorithms of RFC 9530 the API checks; others in the header are ignored. */
export const DIGEST_ALGORITHMS = { 'sha-256': 'SHA-256', 'sha-512': 'SHA-512' } as const;
export type DigestAlgorithm = keyof typeof DIGEST_ALGORITHMS;

export type ParsedDigest =
  | { ok: true; digests: { algorithm: DigestAlgorithm; digest: Uint8Array<ArrayBuffer> }[] }
  | { ok: false; detail: string };

/**
 * Parses `Content-Digest` (RFC 9530): a dictionary of algorithm → byte sequence. At least one of
 * `sha-256`/`sha-512` must be present; every one present is checked, so a client cannot pair a
 * right digest with a wrong one.
 */
export function parseContentDigest(header: string | null): ParsedDigest {
  if (header === null) return { ok: false, detail: 'the Content-Digest header is missing' };
  let dictionary: ReturnType<typeof parseDictionary>;
  try {
    dictionary = parseDictionary(header);
  } catch (error) {
    if (!(error instanceof StructuredFieldError)) throw error;
    return { ok: false, detail: `Content-Digest is not a structured field: ${error.message}` };
  }
  const digests: { algorithm: DigestAlgorithm; digest: Uint8Array<ArrayBuffer> }[] = [];
  for (const [key, member] of dictionary) {
    if (!isDigestAlgorithm(key)) continue;
    const bytes = member.kind === 'item' && member.value.type === 'bytes' ? fromBase64(member.value.value) : null;
    if (bytes === null) return { ok: false, detail: `Content-Digest ${key} must be a :base64: byte sequence` };
    digests.push({ algorithm: key, digest: bytes });
  }
  if (digests.length === 0) return { ok: false, detail: 'Content-Digest needs a sha-256 (or sha-512) digest' };
  return { ok: true, digests };
}

function isDigestAlgorithm(key: string): key is DigestAlgorithm {
  return Object.hasOwn(DIGEST_ALGORITHMS, key);
}
