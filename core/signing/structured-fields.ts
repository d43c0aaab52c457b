/**
 * The parts of RFC 8941 Structured Field Values that HTTP Message Signatures use: dictionaries of
 * items and inner lists, with parameters. Parsing is strict (RFC 8941 §4.2): anything malformed
 * throws a `StructuredFieldError`, so untrusted header values can only fail, never half-parse.
 */

export type BareItem =
  | { type: 'integer'; value: number }
  | { type: 'decimal'; value: number }
  | { type: 'string'; value: string }
  | { type: 'token'; value: string }
  /** A byte sequence, kept as its base64 text. */
  | { type: 'bytes'; value: string }
  | { type: 'boolean'; value: boolean };

/** Parameters in their original order. */
export type Params = Map<string, BareItem>;
export interface Item {
  kind: 'item';
  value: BareItem;
  params: Params;
}
export interface InnerList {
  kind: 'inner-list';
  items: Item[];
  params: Params;
}
export type Dictionary = Map<string, Item | InnerList>;

export class StructuredFieldError extends Error {
  override readonly name = 'StructuredFieldError';
}

const KEY = /^[a-z*][a-z0-9_.*-]*/;
const TOKEN = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/;
const BASE64 = /^[A-Za-z0-9+/=]*/;

class Cursor {
  text: string;
  at = 0;
  constructor(text: string) {
    this.text = text;
  }
  peek(): string {
    return this.text[this.at] ?? '';
  }
  done(): boolean {
    return this.at >= this.text.length;
  }
  skip(pattern: RegExp): void {
    while (!this.done() && pattern.test(this.peek())) this.at++;
  }
  match(pattern: RegExp): string {
    const found = pattern.exec(this.text.slice(this.at))?.[0] ?? '';
    this.at += found.length;
    return found;
  }
  expect(char: string): void {
    if (this.peek() !== char) throw new StructuredFieldError(`expected "${char}" at ${this.at}`);
    this.at++;
  }
}

/** Parses a Dictionary field value (`Signature-Input`, `Signature`, `Content-Digest`). */
export function parseDictionary(text: string): Dictionary {
  const c = new Cursor(text);
  const dictionary: Dictionary = new Map();
  c.skip(/ /);
  while (!c.done()) {
    const key = parseKey(c);
    let member: Item | InnerList;
    if (c.peek() === '=') {
      c.at++;
      member = c.peek() === '(' ? parseInnerList(c) : { kind: 'item', value: parseBareItem(c), params: new Map() };
      if (member.kind === 'item') member.params = parseParams(c);
    } else {
      member = { kind: 'item', value: { type: 'boolean', value: true }, params: parseParams(c) };
    }
    // RFC 8941: a repeated key overwrites the earlier value but keeps the original position.
    dictionary.set(key, member);
    c.skip(/[ \t]/);
    if (c.done()) return dictionary;
    c.expect(',');
    c.skip(/[ \t]/);
    if (c.done()) throw new StructuredFieldError('trailing comma');
  }
  return dictionary;
}

function parseKey(c: Cursor): string {
  const key = c.match(KEY);
  if (key === '') throw new StructuredFieldError(`expected a key at ${c.at}`);
  return key;
}

function parseInnerList(c: Cursor): InnerList {
  c.expect('(');
  const items: Item[] = [];
  for (;;) {
    c.skip(/ /);
    if (c.peek() === ')') {
      c.at++;
      return { kind: 'inner-list', items, params: parseParams(c) };
    }
    items.push({ kind: 'item', value: parseBareItem(c), params: parseParams(c) });
    if (c.peek() !== ' ' && c.peek() !== ')') throw new StructuredFieldError(`bad inner list at ${c.at}`);
  }
}

function parseParams(c: Cursor): Params {
  const params: Params = new Map();
  while (c.peek() === ';') {
    c.at++;
    c.skip(/ /);
    const key = parseKey(c);
    let value: BareItem = { type: 'boolean', value: true };
    if (c.peek() === '=') {
      c.at++;
      value = parseBareItem(c);
    }
    params.set(key, value);
  }
  return params;
}

function parseBareItem(c: Cursor): BareItem {
  const first = c.peek();
  if (first === '"') return { type: 'string', value: parseString(c) };
  if (first === ':') {
    c.at++;
    const value = c.match(BASE64);
    c.expect(':');
    return { type: 'bytes', value };
  }
  if (first === '?') {
    c.at++;
    const flag = c.match(/^[01]/);
    if (flag === '') throw new StructuredFieldError(`bad boolean at ${c.at}`);
    return { type: 'boolean', value: flag === '1' };
  }
  if (first === '-' || /[0-9]/.test(first)) return parseNumber(c);
  const token = c.match(TOKEN);
  if (token === '') throw new StructuredFieldError(`unexpected "${first}" at ${c.at}`);
  return { type: 'token', value: token };
}

function parseString(c: Cursor): string {
  c.expect('"');
  let out = '';
  for (;;) {
    if (c.done()) throw new StructuredFieldError('unterminated string');
    const char = c.peek();
    c.at++;
    if (char === '"') return out;
    if (char === '\\') {
      const next = c.peek();
      if (next !== '"' && next !== '\\') throw new StructuredFieldError(`bad escape at ${c.at}`);
      out += next;
      c.at++;
    } else if (char < ' ' || char > '~') {
      throw new StructuredFieldError(`non-printable character in string at ${c.at - 1}`);
    } else {
      out += char;
    }
  }
}

function parseNumber(c: Cursor): BareItem {
  const text = c.match(/^-?[0-9]+(\.[0-9]+)?/);
  const [whole = '', fraction] = text.replace('-', '').split('.');
  if (whole === '' || whole.length > (fraction === undefined ? 15 : 12) || (fraction?.length ?? 0) > 3) {
    throw new StructuredFieldError(`bad number at ${c.at}`);
  }
  return fraction === undefined ? { type: 'integer', value: Number(text) } : { type: 'decimal', value: Number(text) };
}
