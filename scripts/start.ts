/**
 * `npm start`: builds the blog, prepares local D1 (migrations + the published sample items), and
 * serves the site Worker and the pipeline Worker together in workerd with shared local state
 * under `.wrangler/state`. Offline: nothing is downloaded.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidTimeZone } from '../core/time/local-day.ts';
import { generateContentApiKeys, keyIdsOf } from './lib/api-keys.ts';
import { appendDevVar, readDevVars } from './lib/dev-vars.ts';
import { runOrExit, start } from './lib/run.ts';
import { seedItemsSql } from './lib/seed-sql.ts';
import { toolEnv } from './lib/tool-env.ts';

const root = new URL('..', import.meta.url).pathname;
const persistTo = join(root, '.wrangler/state');
const devVarsPath = join(root, '.dev.vars');
// Offline by default; CLOUDFLARE_CF_FETCH_ENABLED=true lets Miniflare fetch `Request.cf` when online.
const env = toolEnv({ CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false' });

const port = process.env.PORT ?? '8787';
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`streamlog: PORT must be a number from 1 to 65535, got "${port}"`);
  process.exit(1);
}

// Environment wins over .dev.vars; a fresh clone gets a generated local key.
const devVars = readDevVars(devVarsPath);
let apiKeys = process.env.CONTENT_API_KEYS ?? devVars.CONTENT_API_KEYS;
if (apiKeys === undefined) {
  apiKeys = generateContentApiKeys();
  appendDevVar(devVarsPath, 'CONTENT_API_KEYS', apiKeys);
  console.error('streamlog: generated a local content API key in .dev.vars');
}
const keys = keyIdsOf(apiKeys);
if (!keys.ok) {
  console.error(`streamlog: ${keys.error}`);
  process.exit(1);
}
env.CONTENT_API_KEYS = apiKeys;

const timeZone = process.env.STREAM_TIMEZONE ?? devVars.STREAM_TIMEZONE;
if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
  console.error(`streamlog: STREAM_TIMEZONE "${timeZone}" is not an IANA time zone (e.g. America/Mexico_City)`);
  process.exit(1);
}
// Values for both Workers that override their wrangler.toml [vars].
const vars = [`CONTENT_API_KEYS:${apiKeys}`, ...(timeZone ? [`STREAM_TIMEZONE:${timeZone}`] : [])];

console.error('streamlog: building the blog from content/ ...');
runOrExit('astro', ['build'], 'the Astro build', env);

console.error('streamlog: applying D1 migrations to local state ...');
runOrExit(
  'wrangler',
  ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo, '-c', join(root, 'wrangler.toml')],
  'the D1 migrations',
  env,
);

const itemsDir = join(root, 'content/items');
const items = readdirSync(itemsDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(itemsDir, name), 'utf8')) as unknown);
if (items.length > 0) {
  const seedFile = join(persistTo, 'seed-items.sql');
  mkdirSync(persistTo, { recursive: true });
  writeFileSync(seedFile, seedItemsSql(items));
  runOrExit(
    'wrangler',
    [
      'd1',
      'execute',
      'DB',
      '--local',
      '--persist-to',
      persistTo,
      '-c',
      join(root, 'wrangler.toml'),
      '--file',
      seedFile,
    ],
    'loading the sample items into local D1',
    env,
    true,
  );
}

const url = `http://localhost:${port}`;
const server = start(
  'wrangler',
  [
    'dev',
    '-c',
    join(root, 'dist/server/wrangler.json'),
    '-c',
    join(root, 'pipeline/wrangler.toml'),
    '--port',
    port,
    '--ip',
    '127.0.0.1',
    '--persist-to',
    persistTo,
    '--var',
    ...vars,
    '--show-interactive-dev-session=false',
  ],
  env,
);

let announced = false;
server.stdout?.on('data', (chunk: Buffer) => {
  process.stderr.write(chunk);
  if (!announced && /Ready on/i.test(chunk.toString())) {
    announced = true;
    console.log(`\nStreamlog is serving ${url}`);
    console.log(`  blog: ${url}/   (${items.length} sample items loaded into local D1)`);
    console.log(`  content API key id(s): ${keys.keyIds.join(', ')} (secret in .dev.vars)`);
    console.log(`  content API: PORT=${port} npm run api -- call --path '/api/content/items?limit=3'  (docs/api.md)`);
    console.log('  stop with Ctrl+C\n');
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
