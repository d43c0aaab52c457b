import { dirname } from 'node:path';

/** Vitest's own markers, which make a child Astro build behave like a test run (Vite mode, Miniflare defaults). */
const VITEST_MARKERS = ['NODE_ENV', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST'];

/**
 * The environment for the Astro and wrangler processes we start (npm start, tests, benches): this
 * Node first on PATH (Node 24 from the devDependency, whatever the system has), and offline: no
 * telemetry, no metrics, no download of Miniflare's `Request.cf` placeholder. `extra` wins;
 * `outsideVitest` drops Vitest's markers for builds started from a test.
 */
export function toolEnv(
  extra: Record<string, string | undefined> = {},
  { outsideVitest = false } = {},
): NodeJS.ProcessEnv {
  const env = {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    ASTRO_TELEMETRY_DISABLED: '1',
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    ...extra,
  } as NodeJS.ProcessEnv;
  if (outsideVitest) for (const key of VITEST_MARKERS) delete env[key];
  return env;
}
