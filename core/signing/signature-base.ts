import { serializeInnerList, serializeItem } from './serialize.ts';
import type { InnerList } from './structured-fields.ts';

/**
 * A request as RFC 9421 sees it. `authority` is the host in lower case with a non-default port;
 * `path` is the absolute path (never empty); `query` is the query string without `?` (empty if none).
 * `header` returns the combined field value (`, `-joined) or `null` when absent.
 */
export interface MessageView {
  method: string;
  scheme: string;
  authority: string;
  path: string;
  query: string;
  header(name: string): string | null;
}

/** Why a signature base could not be built; `component` names the offending component. */
export class SignatureBaseError extends Error {
  override readonly name = 'SignatureBaseError';
  readonly reason: 'unsupported_component' | 'covered_header_missing' | 'duplicate_component';
  readonly component: string;
  constructor(reason: SignatureBaseError['reason'], component: string) {
    super(`${reason.replaceAll('_', ' ')}: ${component}`);
    this.reason = reason;
    this.component = component;
  }
}

const DERIVED: Record<string, (m: MessageView) => string> = {
  '@method': (m) => m.method,
  '@authority': (m) => m.authority,
  '@scheme': (m) => m.scheme.toLowerCase(),
  '@path': (m) => m.path || '/',
  '@query': (m) => `?${m.query}`,
  '@request-target': (m) => `${m.path || '/'}${m.query ? `?${m.query}` : ''}`,
  '@target-uri': (m) => `${m.scheme.toLowerCase()}://${m.authority}${m.path || '/'}${m.query ? `?${m.query}` : ''}`,
};

/** The component identifiers of a signature, in order, e.g. `["@method", "content-digest"]`. */
export function componentNames(signatureParams: InnerList): string[] {
  return signatureParams.items.map((item) => (item.value.type === 'string' ? item.value.value : ''));
}

/**
 * The RFC 9421 §2.5 signature base: one line per covered component, then `@signature-params`,
 * which is the re-serialised inner list (so insignificant whitespace in the header does not matter).
 * Component parameters (`;sf`, `;key`, `;bs`, `;req`, `;name`) are not part of this profile.
 */
export function signatureBase(message: MessageView, signatureParams: InnerList): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const item of signatureParams.items) {
    if (item.value.type !== 'string') throw new SignatureBaseError('unsupported_component', serializeItem(item));
    const name = item.value.value;
    if (item.params.size > 0 || name === '@signature-params' || name === '@status') {
      throw new SignatureBaseError('unsupported_component', serializeItem(item));
    }
    if (seen.has(name)) throw new SignatureBaseError('duplicate_component', name);
    seen.add(name);
    lines.push(`${serializeItem(item)}: ${componentValue(message, name)}`);
  }
  lines.push(`"@signature-params": ${serializeInnerList(signatureParams)}`);
  return lines.join('\n');
}

function componentValue(message: MessageView, name: string): string {
  if (name.startsWith('@')) {
    const derive = DERIVED[name];
    if (!derive) throw new SignatureBaseError('unsupported_component', name);
    return derive(message);
  }
  if (name !== name.toLowerCase() || name === '') throw new SignatureBaseError('unsupported_component', name);
  const value = message.header(name);
  if (value === null) throw new SignatureBaseError('covered_header_missing', name);
  // RFC 9421 §2.1: leading and trailing whitespace removed; obsolete line folding replaced by a space.
  return value.replace(/\s*\r?\n\s*/g, ' ').trim();
}
