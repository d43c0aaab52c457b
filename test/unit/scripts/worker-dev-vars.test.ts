import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { dotenvLine, readDevVars } from '../../../scripts/lib/dev-vars.ts';
import { pipelineWorkerEnv, readingNames, writeSiteDevVars } from '../../../scripts/lib/worker-dev-vars.ts';

describe("npm start's values for the two Workers", () => {
  it('rewrites the site Worker .dev.vars readable by its owner only, even over the adapter copy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlog-dev-vars-'));
    // The Astro adapter copies the root .dev.vars with the default mode.
    writeFileSync(join(dir, '.dev.vars'), 'CONTENT_API_KEYS=old\n', { mode: 0o644 });
    const keys = JSON.stringify({ local: 'a "quoted" secret=with=equals' });
    const path = writeSiteDevVars(dir, { CONTENT_API_KEYS: keys, STREAM_TIMEZONE: 'America/Mexico_City' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readDevVars(path)).toEqual({ CONTENT_API_KEYS: keys, STREAM_TIMEZONE: 'America/Mexico_City' });
  });

  it('writes values wrangler reads back exactly: quotes, backslashes, equals signs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamlog-dev-vars-'));
    const configPath = join(dir, 'wrangler.json');
    writeFileSync(configPath, JSON.stringify({ name: 'dev-vars-check', compatibility_date: '2025-09-01' }));
    const values = {
      CONTENT_API_KEYS: JSON.stringify({ local: 'a "quoted" \\n secret=with=equals' }),
      SINGLE: "it's",
      BOTH: `it's "x"`,
    };
    writeSiteDevVars(dir, values);
    const proxy = await getPlatformProxy<Record<string, string>>({ configPath, persist: false });
    try {
      expect({ CONTENT_API_KEYS: proxy.env.CONTENT_API_KEYS, SINGLE: proxy.env.SINGLE, BOTH: proxy.env.BOTH }).toEqual(
        values,
      );
    } finally {
      await proxy.dispose();
    }
  }, 60_000);

  it('refuses a value it cannot quote, with the key named', () => {
    expect(() => dotenvLine('KEY', `'\`"`)).toThrow(/KEY cannot be written/);
    expect(() => dotenvLine('KEY', 'two\nlines')).toThrow(/KEY cannot be written/);
  });

  it('gives wrangler its own variables and the settings the pipeline reads, the environment over .dev.vars', () => {
    const parse = (vars: Record<string, string | undefined>) => ({
      zone: vars.STREAM_TIMEZONE ?? 'UTC',
      user: vars.GITHUB_USERNAME ?? null,
      token: vars.GITHUB_TOKEN ?? null,
    });
    const base = {
      PATH: '/bin',
      HOME: '/home/m',
      WRANGLER_LOG: 'error',
      STREAM_TIMEZONE: 'Europe/Madrid',
      AWS_SECRET: 'x',
    };
    const devVars = { STREAM_TIMEZONE: 'UTC', GITHUB_USERNAME: 'mara', UNRELATED: 'y' };
    const { value, names } = readingNames({ ...devVars, ...base }, parse);
    expect(value).toEqual({ zone: 'Europe/Madrid', user: 'mara', token: null });
    expect([...names].sort()).toEqual(['GITHUB_TOKEN', 'GITHUB_USERNAME', 'STREAM_TIMEZONE']);
    expect(pipelineWorkerEnv(base, devVars, names)).toEqual({
      CLOUDFLARE_INCLUDE_PROCESS_ENV: 'true',
      PATH: '/bin',
      HOME: '/home/m',
      WRANGLER_LOG: 'error',
      STREAM_TIMEZONE: 'Europe/Madrid',
      GITHUB_USERNAME: 'mara',
    });
  });
});
