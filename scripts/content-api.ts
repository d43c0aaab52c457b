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
import { signRequest } from '../client/sign-request.ts';
import { parseApiOptions } from './lib/content-api-options.ts';
import { readDevVars } from './lib/dev-vars.ts';

const root = new URL('..', import.meta.url).pathname;

function fail(message: string): never {
  console.error(`content-api: ${message}`);
  process.exit(1);
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

const parsed = parseApiOptions(process.argv.slice(2), {
  keys: process.env.CONTENT_API_KEYS ?? readDevVars(join(root, '.dev.vars')).CONTENT_API_KEYS,
  port: process.env.PORT,
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
});
if (!parsed.ok) fail(parsed.error);
const { command, method, url, body, keyId, secret } = parsed.request;
const headers = await signRequest({ method, url, headers: parsed.request.headers, body, keyId, secret });

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
