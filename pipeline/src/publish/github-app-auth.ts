import { StreamlogError } from '../../../core/errors.ts';

/**
 * GitHub App credentials for `@octokit/auth-app`, ready for WebCrypto.
 *
 * GitHub hands out App keys as PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), but WebCrypto (and so
 * `universal-github-app-jwt` in workerd) only imports PKCS#8 (`BEGIN PRIVATE KEY`). The PKCS#1 key
 * is wrapped in its PKCS#8 envelope here, so the key downloaded from GitHub works as pasted; no
 * `openssl pkcs8 -topk8` step.
 */
export async function appPrivateKeyPkcs8(pem: string): Promise<string> {
  const text = pem.replaceAll('\\n', '\n').trim();
  const block = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]*?)-----END (RSA )?PRIVATE KEY-----/.exec(text);
  if (!block || block[1] !== block[3]) {
    throw invalidKey('expected a PEM RSA private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)');
  }
  let der: Uint8Array;
  try {
    der = Uint8Array.from(atob((block[2] ?? '').replace(/\s+/g, '')), (char) => char.charCodeAt(0));
  } catch {
    throw invalidKey('the PEM body is not base64');
  }
  const pkcs8 = block[1] ? pkcs1ToPkcs8(der) : der;
  try {
    // Fails here, once, with a clear message rather than inside the first API call.
    await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  } catch {
    throw invalidKey('WebCrypto could not import it as an RSA key');
  }
  return toPem('PRIVATE KEY', pkcs8);
}

function invalidKey(why: string): StreamlogError {
  return new StreamlogError('configuration_error', `GITHUB_APP_PRIVATE_KEY is not usable: ${why}`, {
    variable: 'GITHUB_APP_PRIVATE_KEY',
  });
}

/** rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters: the AlgorithmIdentifier of every RSA PKCS#8 key. */
const RSA_ALGORITHM = new Uint8Array([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]);

/** PrivateKeyInfo ::= SEQUENCE { version INTEGER 0, algorithm, privateKey OCTET STRING (the PKCS#1 key) } (RFC 5208). */
export function pkcs1ToPkcs8(pkcs1: Uint8Array): Uint8Array {
  const version = Uint8Array.of(0x02, 0x01, 0x00);
  return derNode(0x30, concat(version, RSA_ALGORITHM, derNode(0x04, pkcs1)));
}

function derNode(tag: number, content: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(tag), derLength(content.length), content);
}

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function toPem(label: string, der: Uint8Array): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
