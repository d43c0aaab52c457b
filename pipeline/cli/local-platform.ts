import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';

export interface LocalBindings {
  DB: D1Database;
  ARTIFACTS: R2Bucket;
}

export interface LocalPlatform {
  bindings: LocalBindings;
  dispose(): Promise<void>;
}

/**
 * The same local D1 and R2 that `npm start` serves (wrangler's state under `<root>/.wrangler/state`,
 * or `STREAMLOG_STATE_DIR`), with the migrations applied first. Offline: no remote bindings.
 */
export async function openLocalPlatform(
  root: string,
  stateDir: string,
  env: NodeJS.ProcessEnv,
): Promise<LocalPlatform> {
  const config = join(root, 'pipeline/wrangler.toml');
  const migrate = spawnSync(
    join(root, 'node_modules/.bin/wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir, '-c', config],
    { env: { ...env, CI: '1' }, encoding: 'utf8' },
  );
  if (migrate.status !== 0) {
    const reason = `${migrate.stderr ?? ''}${migrate.stdout ?? ''}`.trim().split('\n').slice(-3).join(' ');
    throw new Error(`applying the D1 migrations to ${stateDir} failed: ${reason || `exit ${migrate.status}`}`);
  }
  const proxy = await getPlatformProxy<LocalBindings>({
    configPath: config,
    persist: { path: join(stateDir, 'v3') },
    envFiles: [],
    remoteBindings: false,
  });
  return { bindings: proxy.env, dispose: () => proxy.dispose() };
}
