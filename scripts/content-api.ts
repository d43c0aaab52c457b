/**
 * `npm run api -- <command>`: sign requests for the content API (docs/api.md).
 *
 *   sign --method POST --path /api/content/generate --body '{...}'   prints a ready-to-run curl command
 *   call --method GET --path /api/content/items?limit=5               sends it and prints the answer
 *
 * Options: --url (default http://localhost:$PORT or 8787), --key-id (default: the only or first key),
 * --idempotency-key, --body-file. Keys come from CONTENT_API_KEYS, or from .dev.vars.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signRequest } from '../client/sign-request.ts';
import { readDevVars } from './lib/dev-vars.ts';

const root = new URL('..', import.meta.url).pathname;

function fail(message: string): never {
  console.error(`content-api: ${message}`);
  process.exit(1);
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function options() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        method: { type: 'string', default: 'GET' },
        path: { type: 'string' },
        body: { type: 'string' },
        'body-file': { type: 'string' },
        url: { type: 'string' },
        'key-id': { type: 'string' },
        'idempotency-key': { type: 'string' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const { values, positionals } = options();
const command = positionals[0];
if (command !== 'sign' && command !== 'call')
  fail('usage: npm run api -- sign|call --path /api/... [--method POST --body JSON]');
if (positionals.length > 1) fail(`unexpected argument "${positionals[1]}"`);
const method = values.method.toUpperCase();
if (method !== 'GET' && method !== 'POST') fail(`--method must be GET or POST, got "${values.method}"`);
if (!values.path?.startsWith('/api/')) fail('--path must start with /api/, e.g. --path /api/content/ping');
if (values.body !== undefined && values['body-file'] !== undefined) fail('give --body or --body-file, not both');
let body = values.body ?? (values['body-file'] !== undefined ? readBody(values['body-file']) : '');
if (method === 'GET' && body !== '') fail('a GET request has no body');
if (method === 'POST') {
  if (body === '') body = '{}';
  try {
    JSON.parse(body);
  } catch {
    fail('--body is not JSON');
  }
}

const raw = process.env.CONTENT_API_KEYS ?? readDevVars(join(root, '.dev.vars')).CONTENT_API_KEYS;
if (raw === undefined)
  fail('CONTENT_API_KEYS is not set and .dev.vars has none; run `npm start` once to generate a key');
let keys: Record<string, unknown>;
try {
  keys = JSON.parse(raw) as Record<string, unknown>;
} catch {
  fail('CONTENT_API_KEYS is not JSON; expected {"<keyid>": "<secret>"}');
}
const keyId = values['key-id'] ?? Object.keys(keys)[0];
const secret = keyId === undefined ? undefined : keys[keyId];
if (keyId === undefined || typeof secret !== 'string') fail(`no key "${keyId ?? ''}" in CONTENT_API_KEYS`);

const base = values.url ?? `http://localhost:${process.env.PORT ?? '8787'}`;
let url: URL;
try {
  url = new URL(values.path, base);
} catch {
  fail(`--url "${base}" is not a URL`);
}
const extra: Record<string, string> = values['idempotency-key'] ? { 'idempotency-key': values['idempotency-key'] } : {};
const headers = await signRequest({ method, url, headers: extra, body, keyId, secret });

if (command === 'sign') {
  const parts = ['curl', '-sS', '-X', method, shellQuote(url.href)];
  for (const [name, value] of Object.entries(headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (method === 'POST') parts.push('--data-binary', shellQuote(body));
  console.log(parts.join(' '));
  console.error('content-api: the signature is valid for 300 s and one use (its nonce)');
} else {
  let response: Response;
  try {
    response = await fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
  } catch (error) {
    fail(`could not reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  console.error(
    `content-api: HTTP ${response.status}${response.headers.get('idempotent-replayed') ? ' (replayed)' : ''}`,
  );
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {}
  console.log(pretty);
  if (!response.ok) process.exit(1);
}

function readBody(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    fail(`cannot read --body-file ${path}`);
  }
}
