import { parseArgs } from 'node:util';
import { ContentGenerationRequest } from '../../core/schemas/content-generation.ts';
import { shownValue } from './shown-value.ts';

/** One request `npm run api` signs (`sign`: prints it as curl) or sends (`call`). */
export interface ApiRequest {
  command: 'sign' | 'call';
  method: 'GET' | 'POST';
  url: URL;
  body: string;
  keyId: string;
  secret: string;
  /** Headers to sign and send besides the signature's own (`idempotency-key`). */
  headers: Record<string, string>;
}

export interface ApiOptionsEnv {
  /** `CONTENT_API_KEYS` (or .dev.vars's), a JSON object key id → secret. */
  keys: string | undefined;
  /** `PORT`, for the default URL. */
  port: string | undefined;
  /** Reads `--body-file`; `null` when it cannot be read. */
  readFile: (path: string) => string | null;
}

export type ParsedApiOptions = { ok: true; request: ApiRequest } | { ok: false; error: string };

const USAGE = 'usage: npm run api -- sign|call --path /api/... [--method POST --body JSON]';
// A key id and an idempotency key travel in a structured-field string and a header: printable ASCII.
const KEY_ID = /^[\x20-\x7e]{1,200}$/;
const IdempotencyKey = ContentGenerationRequest.shape.idempotency_key.unwrap();

/**
 * The options of `npm run api` (scripts/content-api.ts), checked completely before anything is
 * signed or sent: one error line for anything wrong, never a throw, whatever argv and the
 * environment hold.
 */
export function parseApiOptions(argv: readonly string[], env: ApiOptionsEnv): ParsedApiOptions {
  let parsed: ReturnType<typeof readArgv>;
  try {
    parsed = readArgv(argv);
  } catch (error) {
    return fail(oneLine(error instanceof Error ? error.message : String(error)));
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (command !== 'sign' && command !== 'call') return fail(USAGE);
  if (positionals.length > 1) return fail(`unexpected argument ${shownValue(positionals[1] ?? '')}`);
  const method = values.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST')
    return fail(`--method must be GET or POST, got ${shownValue(values.method)}`);
  if (!values.path?.startsWith('/api/')) return fail('--path must start with /api/, e.g. --path /api/content/ping');
  if (values.body !== undefined && values['body-file'] !== undefined)
    return fail('give --body or --body-file, not both');

  let body = values.body ?? '';
  if (values['body-file'] !== undefined) {
    const read = env.readFile(values['body-file']);
    if (read === null) return fail(`cannot read --body-file ${shownValue(values['body-file'])}`);
    body = read;
  }
  if (method === 'GET' && body !== '') return fail('a GET request has no body');
  if (method === 'POST') {
    if (body === '') body = '{}';
    try {
      JSON.parse(body);
    } catch {
      return fail('--body is not JSON');
    }
  }

  const idempotencyKey = values['idempotency-key'];
  if (idempotencyKey !== undefined && !IdempotencyKey.safeParse(idempotencyKey).success) {
    return fail(
      `--idempotency-key must be 1–255 printable ASCII characters without spaces, got ${shownValue(idempotencyKey)}`,
    );
  }

  if (env.keys === undefined) {
    return fail('CONTENT_API_KEYS is not set and .dev.vars has none; run `npm start` once to generate a key');
  }
  let keys: unknown;
  try {
    keys = JSON.parse(env.keys);
  } catch {
    keys = null;
  }
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
    return fail('CONTENT_API_KEYS is not a JSON object; expected {"<keyid>": "<secret>"}');
  }
  const keyId = values['key-id'] ?? Object.keys(keys)[0];
  const secret =
    keyId !== undefined && Object.hasOwn(keys, keyId) ? (keys as Record<string, unknown>)[keyId] : undefined;
  if (keyId === undefined || typeof secret !== 'string' || secret === '') {
    return fail(`no key ${shownValue(keyId ?? '')} in CONTENT_API_KEYS`);
  }
  if (!KEY_ID.test(keyId)) return fail(`the key id ${shownValue(keyId)} must be printable ASCII to be signed`);

  const base = values.url ?? `http://localhost:${env.port ?? '8787'}`;
  let url: URL;
  try {
    url = new URL(values.path, base);
  } catch {
    return fail(`--url ${shownValue(base)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(`--url ${shownValue(base)} is not http(s)`);
  return {
    ok: true,
    request: {
      command,
      method,
      url,
      body,
      keyId,
      secret,
      headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
    },
  };
}

function readArgv(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
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
}

/** node:util's messages quote what was typed as is: escaped, they stay one line. */
function oneLine(message: string): string {
  return shownValue(message, 300).slice(1, -1);
}

function fail(error: string): ParsedApiOptions {
  return { ok: false, error };
}
