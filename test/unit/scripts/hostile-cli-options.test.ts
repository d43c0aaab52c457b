import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../client/sign-request.ts';
import { parseArgs } from '../../../pipeline/cli/args.ts';
import { parseApiOptions } from '../../../scripts/lib/content-api-options.ts';
import { hostileText, PROTOTYPE_KEYS } from '../../lib/hostile-text.ts';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';

/**
 * The two CLIs' options under hostile argv: `npm run pipeline` (pipeline/cli/args.ts) and
 * `npm run api` (scripts/lib/content-api-options.ts). Any argv gives a parsed value or one clear
 * error line, never a throw; a handful of real processes show the same from the outside: a
 * non-zero exit, one line on stderr, no stack trace.
 */
const runs = (bounded: number) => propertyRuns(bounded, process.env.FC_RUNS);
const root = join(import.meta.dirname, '../../..');
const node = existsSync(join(root, 'node_modules/.bin/node')) ? join(root, 'node_modules/.bin/node') : process.execPath;

/** Line breaks, controls, bidi and zero-width characters: what would make an error more than one clear line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNCLEAR = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

function expectOneClearLine(error: string): void {
  expect(error).not.toMatch(UNCLEAR);
  expect(error.length).toBeGreaterThan(0);
  expect(error.length).toBeLessThanOrEqual(400);
}

const PIPELINE_WORDS = ['run', 'ingest', 'process', 'doctor', 'runs', 'help', '--help', '-h'];
const PIPELINE_OPTIONS = [
  '--date',
  '--type',
  '--topic',
  '--json',
  '--force',
  '--dry-run',
  '--reach',
  '--limit',
  '--id',
];
const API_WORDS = ['sign', 'call'];
const API_OPTIONS = [
  '--method',
  '--path',
  '--body',
  '--body-file',
  '--url',
  '--key-id',
  '--idempotency-key',
  '--',
  '-x',
];
const VALUES = [
  '2026-11-09',
  '2026-02-30',
  '2026-11-09T00:00:00Z',
  'daily_recap',
  'topic_focus',
  'weekly_summary',
  'stripe',
  'codewithmara/payments-api',
  '../etc/passwd',
  '0',
  '-1',
  '501',
  '1e3',
  '99999999999999999999',
  'run_0123456789ab',
  'POST',
  'get',
  '/api/content/ping',
  '/api/content/generate',
  '{"date_range":{"start":"2026-11-09","end":"2026-11-09"}}',
  '{"a":',
  'http://localhost:1',
  'javascript:alert(1)',
  'file:///etc/passwd',
  '',
  ...PROTOTYPE_KEYS,
];

/** An argv: command words, known options (alone, with a value, as `--opt=value`) and hostile strings. */
function argv(words: string[], options: string[]): fc.Arbitrary<string[]> {
  const value = fc.oneof(fc.constantFrom(...VALUES), hostileText);
  const token = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...options) },
    { weight: 2, arbitrary: value },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...options), value).map(([o, v]) => `${o}=${v}`) },
    { weight: 1, arbitrary: fc.constantFrom(...words) },
  );
  return fc
    .tuple(fc.oneof(fc.constantFrom(...words), hostileText), fc.array(token, { maxLength: 8 }))
    .map(([first, rest]) => [first, ...rest]);
}

const KEYS = [
  undefined,
  '{"local":"local-secret-0123456789"}',
  '{"é":"secret"}',
  '{"__proto__":"secret","constructor":"x"}',
  '{"local":""}',
  '{"local":42}',
  'null',
  '[]',
  '"text"',
  '42',
  '{',
];

describe('CLI options under hostile argv', { timeout: propertyTimeout(runs(1000), 20) }, () => {
  it('pipeline: any argv parses or gives one clear error line, never a throw', () => {
    fc.assert(
      fc.property(argv(PIPELINE_WORDS, PIPELINE_OPTIONS), (args) => {
        const parsed = parseArgs(args);
        if (!parsed.ok) expectOneClearLine(parsed.error);
        else expect(['run', 'ingest', 'process', 'doctor', 'runs', 'help']).toContain(parsed.args.command);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('api: any argv and keyset parse to a request that can be signed, or give one clear error line, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        argv(API_WORDS, API_OPTIONS),
        fc.constantFrom(...KEYS),
        fc.option(hostileText, { nil: undefined }),
        async (args, keys, port) => {
          const parsed = parseApiOptions(args, {
            keys,
            port,
            readFile: (path) => (path === 'body.json' ? '{}' : null),
          });
          if (!parsed.ok) return expectOneClearLine(parsed.error);
          const { request } = parsed;
          expect(['GET', 'POST']).toContain(request.method);
          expect(request.url.pathname.startsWith('/api/')).toBe(true);
          expect(request.keyId).toMatch(/^[\x20-\x7e]+$/);
          for (const value of Object.values(request.headers)) expect(value).toMatch(/^[\x21-\x7e]+$/);
          if (request.method === 'POST') JSON.parse(request.body);
          const signed = await signRequest({ ...request, url: request.url.href });
          expect(signed.signature).toMatch(/^sig1=:[A-Za-z0-9+/=]+:$/);
        },
      ),
      { numRuns: runs(1000) },
    );
  });

  it('pipeline: shows a value with a line break or a bidi override escaped, on one line', () => {
    expect(parseArgs(['run', '--date', '2026-13-01\nstreamlog: all good'])).toEqual({
      ok: false,
      error: '--date must be a calendar date YYYY-MM-DD, got "2026-13-01\\nstreamlog: all good"',
    });
    expect(parseArgs(['run\u202e', '--date', '2026-11-09'])).toEqual({
      ok: false,
      error: 'unknown command "run\\u202e" (expected run, ingest, process, doctor, runs or help)',
    });
  });

  it('api: refuses a keyset that is not an object and a key id that cannot be signed, in one line', () => {
    const options = (keys: string, ...extra: string[]) =>
      parseApiOptions(['sign', '--path', '/api/content/ping', ...extra], {
        keys,
        port: undefined,
        readFile: () => null,
      });
    expect(options('null')).toEqual({
      ok: false,
      error: 'CONTENT_API_KEYS is not a JSON object; expected {"<keyid>": "<secret>"}',
    });
    expect(options('{"é":"secret"}')).toEqual({
      ok: false,
      error: 'the key id "é" must be printable ASCII to be signed',
    });
    expect(options('{"a":"s"}', '--key-id', 'constructor')).toEqual({
      ok: false,
      error: 'no key "constructor" in CONTENT_API_KEYS',
    });
    expect(options('{"a":"s"}', '--idempotency-key', 'a b')).toMatchObject({ ok: false });
  });
});

/** Runs a CLI with Node 24; its exit code and stderr. */
function runCli(script: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
    const child = spawn(node, [join(root, script), ...args], {
      cwd: root,
      env: { ...process.env, CONTENT_API_KEYS: '{"local":"local-secret-0123456789"}', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
}

// Spawned side by side: the pipeline CLI takes about two seconds to load.
describe('the CLIs as processes', { timeout: 60_000, concurrent: true }, () => {
  it.each([
    ['pipeline/cli/main.ts', 'a date with a line break', ['run', '--date', '2026-13-01\nX'], {}],
    ['pipeline/cli/main.ts', 'a limit with a bidi override', ['runs', '--limit', '-1\u202e'], {}],
    [
      'scripts/content-api.ts',
      'CONTENT_API_KEYS=null',
      ['sign', '--path', '/api/content/ping'],
      { CONTENT_API_KEYS: 'null' },
    ],
    [
      'scripts/content-api.ts',
      'a non-ASCII key id',
      ['sign', '--path', '/api/content/ping'],
      { CONTENT_API_KEYS: '{"é":"secret"}' },
    ],
    [
      'scripts/content-api.ts',
      'a truncated JSON body',
      ['call', '--method', 'POST', '--path', '/api/x', '--body', '{"a":\n'],
      {},
    ],
    ['scripts/content-api.ts', 'an unknown option with a line break', ['sign', '--bogus\n--x'], {}],
  ])('%s with %s exits non-zero with one line on stderr and no stack', async (script, _, args, env) => {
    const { code, stderr, stdout } = await runCli(script, args, env);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  });
});
