import { componentNames } from './signature-base.ts';
import { type InnerList, parseDictionary, StructuredFieldError } from './structured-fields.ts';

/**
 * Streamlog's RFC 9421 profile. The server, not the client, decides what a signature must cover;
 * these rules are shared by the verifier, the client and the documentation.
 */
export const SIGNATURE_ALGORITHM = 'hmac-sha256';
/** `created` may be this far from the server clock, in either direction. */
export const MAX_CLOCK_SKEW_SECONDS = 300;
export const MAX_NONCE_LENGTH = 128;

/** Components every signed request covers. */
export const REQUIRED_COMPONENTS = ['@method', '@authority', '@path', '@query', 'content-digest'] as const;

/** What a signature over this request must cover, in the order the client signs them. */
export function requiredComponents(method: string, hasIdempotencyKey: boolean): string[] {
  const required: string[] = [...REQUIRED_COMPONENTS];
  if (method.toUpperCase() === 'POST') {
    required.push('content-type');
    if (hasIdempotencyKey) required.push('idempotency-key');
  }
  return required;
}

export type SignatureFailureCode =
  | 'signature_missing'
  | 'signature_malformed'
  | 'signature_param_missing'
  | 'signature_param_invalid'
  | 'unsupported_algorithm'
  | 'signature_not_yet_valid'
  | 'signature_expired'
  | 'component_not_covered';

export type ProfileResult =
  | {
      ok: true;
      label: string;
      signatureParams: InnerList;
      /** The MAC from the `Signature` header, base64. */
      signature: string;
      keyId: string;
      nonce: string;
      created: number;
    }
  | { ok: false; code: SignatureFailureCode; detail: string; field?: string };

export interface ProfileInput {
  signatureInput: string | null;
  signature: string | null;
  method: string;
  hasIdempotencyKey: boolean;
  nowSeconds: number;
}

/**
 * Picks the signature to verify and checks it against the profile before any cryptography:
 * the first label of `Signature-Input` that `Signature` also carries; `created`, `keyid` and
 * `nonce` present; `alg`, if given, `hmac-sha256`; `created` within ±300 s; `expires`, if given,
 * not passed; every required component covered.
 */
export function checkProfile(input: ProfileInput): ProfileResult {
  if (input.signatureInput === null || input.signature === null) {
    const missing = input.signatureInput === null ? 'Signature-Input' : 'Signature';
    return fail('signature_missing', `sign the request: the ${missing} header is missing`, missing);
  }
  let inputs: ReturnType<typeof parseDictionary>;
  let signatures: ReturnType<typeof parseDictionary>;
  try {
    inputs = parseDictionary(input.signatureInput);
    signatures = parseDictionary(input.signature);
  } catch (error) {
    if (!(error instanceof StructuredFieldError)) throw error;
    return fail('signature_malformed', `Signature or Signature-Input is not a structured field: ${error.message}`);
  }
  const label = [...inputs.keys()].find((key) => signatures.has(key));
  const params = label === undefined ? undefined : inputs.get(label);
  const mac = label === undefined ? undefined : signatures.get(label);
  if (label === undefined || params?.kind !== 'inner-list' || mac?.kind !== 'item' || mac.value.type !== 'bytes') {
    return fail(
      'signature_malformed',
      'Signature-Input needs a label=(components);params member and Signature the same label=:base64:',
    );
  }
  if (params.items.some((item) => item.value.type !== 'string')) {
    return fail('signature_malformed', 'component identifiers must be quoted strings');
  }

  const created = params.params.get('created');
  const keyId = params.params.get('keyid');
  const nonce = params.params.get('nonce');
  const alg = params.params.get('alg');
  const expires = params.params.get('expires');
  for (const [name, value] of [
    ['created', created],
    ['keyid', keyId],
    ['nonce', nonce],
  ] as const) {
    if (value === undefined) return fail('signature_param_missing', `the signature needs a ${name} parameter`, name);
  }
  if (created?.type !== 'integer') return fail('signature_param_invalid', 'created is unix seconds', 'created');
  if (keyId?.type !== 'string' || keyId.value === '')
    return fail('signature_param_invalid', 'keyid is a string', 'keyid');
  if (nonce?.type !== 'string' || nonce.value === '' || nonce.value.length > MAX_NONCE_LENGTH) {
    return fail('signature_param_invalid', `nonce is a string of 1–${MAX_NONCE_LENGTH} characters`, 'nonce');
  }
  if (alg !== undefined && !(alg.type === 'string' && alg.value === SIGNATURE_ALGORITHM)) {
    return fail('unsupported_algorithm', `alg must be "${SIGNATURE_ALGORITHM}" (or left out)`, 'alg');
  }
  if (expires !== undefined && expires.type !== 'integer') {
    return fail('signature_param_invalid', 'expires is unix seconds', 'expires');
  }

  const skew = created.value - input.nowSeconds;
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    return fail('signature_not_yet_valid', `created is ${skew} s ahead of the server clock (max 300 s)`, 'created');
  }
  if (-skew > MAX_CLOCK_SKEW_SECONDS) {
    return fail('signature_expired', `created is ${-skew} s old (max 300 s); sign again`, 'created');
  }
  if (expires !== undefined && expires.value < input.nowSeconds) {
    return fail('signature_expired', 'the signature is past its expires time; sign again', 'expires');
  }

  const covered = new Set(componentNames(params));
  for (const component of requiredComponents(input.method, input.hasIdempotencyKey)) {
    if (!covered.has(component)) {
      return fail('component_not_covered', `the signature must cover "${component}"`, component);
    }
  }
  return {
    ok: true,
    label,
    signatureParams: params,
    signature: mac.value.value,
    keyId: keyId.value,
    nonce: nonce.value,
    created: created.value,
  };
}

function fail(code: SignatureFailureCode, detail: string, field?: string): ProfileResult {
  return field === undefined ? { ok: false, code, detail } : { ok: false, code, detail, field };
}
