import { toBase64 } from '../encoding/base64.ts';
import { SIGNATURE_ALGORITHM } from './profile.ts';
import { serializeInnerList, sfInteger, sfString } from './serialize.ts';
import { type MessageView, signatureBase } from './signature-base.ts';
import type { InnerList } from './structured-fields.ts';

export interface SignatureOptions {
  keyId: string;
  nonce: string;
  /** Unix seconds. */
  created: number;
  expires?: number;
  components: readonly string[];
  label?: string;
}

/** HMAC-SHA256 of the signature base's UTF-8 bytes under the key; the caller brings the crypto. */
export type Mac = (signatureBase: string) => Promise<Uint8Array>;

/** The `Signature-Input` member value: the covered components and the profile's parameters. */
export function signatureParams(options: SignatureOptions): InnerList {
  const params: InnerList['params'] = new Map([
    ['created', sfInteger(options.created)],
    ['keyid', sfString(options.keyId)],
    ['nonce', sfString(options.nonce)],
    ['alg', sfString(SIGNATURE_ALGORITHM)],
  ]);
  if (options.expires !== undefined) params.set('expires', sfInteger(options.expires));
  return {
    kind: 'inner-list',
    items: options.components.map((name) => ({ kind: 'item', value: sfString(name), params: new Map() })),
    params,
  };
}

/** Signs a request: the `Signature-Input` and `Signature` header values, RFC 9421 §3.1. */
export async function signMessage(
  message: MessageView,
  options: SignatureOptions,
  mac: Mac,
): Promise<{ signatureInput: string; signature: string; signatureBase: string }> {
  const label = options.label ?? 'sig1';
  const params = signatureParams(options);
  const base = signatureBase(message, params);
  const signature = toBase64(await mac(base));
  return {
    signatureInput: `${label}=${serializeInnerList(params)}`,
    signature: `${label}=:${signature}:`,
    signatureBase: base,
  };
}
