import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { toolEnv } from '../../scripts/lib/tool-env.ts';
import { type AstroProject, copyProject, repoRoot } from '../build/astro-project.ts';

/**
 * The built site Worker and the pipeline Worker served by `wrangler dev` from a throwaway copy of
 * the project, with their own local D1/R2/Queues state: what `npm start` runs, isolated from the
 * working tree and from other e2e files. Used by the API e2e test and by `bench/content-api.ts`.
 */
export interface ApiServer {
  origin: string;
  project: AstroProject;
  keys: Record<string, string>;
  /** Runs SQL against the server's local D1 (before start, or while it runs). */
  execute(sqlFile: string): void;
  stop(): Promise<void>;
}

const wranglerBin = join(repoRoot, 'node_modules/.bin/wrangler');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Builds a copy of the site, migrates its local D1, runs `seed` (SQL files), then serves both Workers. */
export async function startApiServer(options: {
  keys: Record<string, string>;
  /** SQL scripts run against local D1 after the migrations. */
  seedSql?: string[];
  /** Edits to apply to the copy before building (e.g. a bench-only queue setting). */
  prepare?: (project: AstroProject) => void;
}): Promise<ApiServer> {
  const project = await copyProject();
  options.prepare?.(project);
  const built = await project.build();
  if (built.code !== 0) throw new Error(`astro build failed:\n${built.output.slice(-3000)}`);
  const persist = project.path('.wrangler/state');
  const execute = (sqlFile: string) => {
    const result = spawnSync(
      wranglerBin,
      [
        'd1',
        'execute',
        'DB',
        '--local',
        '--persist-to',
        persist,
        '-c',
        project.path('wrangler.toml'),
        '--file',
        sqlFile,
      ],
      { cwd: project.root, env: toolEnv({}, { outsideVitest: true }), encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`d1 execute failed: ${result.stderr}`);
  };
  const migrate = spawnSync(
    wranglerBin,
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist, '-c', project.path('wrangler.toml')],
    { cwd: project.root, env: toolEnv({}, { outsideVitest: true }), encoding: 'utf8' },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr}`);
  for (const [index, sql] of (options.seedSql ?? []).entries()) execute(sqlFile(project, `seed-${index}.sql`, sql));

  const port = await freePort();
  const child = spawn(
    wranglerBin,
    [
      'dev',
      '-c',
      project.path('dist/server/wrangler.json'),
      '-c',
      project.path('pipeline/wrangler.toml'),
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      persist,
      '--var',
      `CONTENT_API_KEYS:${JSON.stringify(options.keys)}`,
      '--show-interactive-dev-session=false',
      '--inspector-port',
      String(await freePort()),
    ],
    { cwd: project.root, env: toolEnv({}, { outsideVitest: true }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitUntilReady(child, `http://127.0.0.1:${port}/api/health`);
  return {
    origin: `http://127.0.0.1:${port}`,
    project,
    keys: options.keys,
    execute,
    stop: async () => {
      await stopChild(child);
      await project.remove();
    },
  };
}

async function waitUntilReady(child: ChildProcess, healthUrl: string): Promise<void> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}:\n${output.slice(-3000)}`);
    try {
      const response = await fetch(healthUrl);
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopChild(child);
  throw new Error(`wrangler dev did not become ready:\n${output.slice(-3000)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Writes SQL to a file inside the project copy and returns its path. */
export function sqlFile(project: AstroProject, name: string, sql: string): string {
  const path = project.path(name);
  writeFileSync(path, sql);
  return path;
}
