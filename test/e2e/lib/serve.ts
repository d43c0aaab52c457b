import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { toolEnv } from '../../../scripts/lib/tool-env.ts';
import { repoRoot } from '../../build/astro-project.ts';

export interface RunningSite {
  url: string;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Serves a built site the way production does: the site Worker from `dist/server/wrangler.json`
 * in workerd (`wrangler dev`), with the static pages as its assets. Offline: no metrics, no
 * `Request.cf` download. Resolves once wrangler says it is ready.
 */
export async function serveSite(projectDir: string): Promise<RunningSite> {
  const port = await freePort();
  const wrangler = join(repoRoot, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const env = toolEnv({}, { outsideVitest: true });
  const child = spawn(
    process.execPath,
    [
      wrangler,
      'dev',
      '-c',
      join(projectDir, 'dist', 'server', 'wrangler.json'),
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      join(projectDir, '.wrangler', 'state'),
      '--var',
      'CONTENT_API_KEYS:{"e2e":"e2e-secret-not-used-by-the-blog"}',
      '--show-interactive-dev-session=false',
    ],
    { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // `localhost`, the host the build lists as the Twitch player parent (SITE_URL defaults to it).
  const url = `http://localhost:${port}`;
  await waitUntilReady(child, url);
  return { url, stop: () => stopProcessGroup(child) };
}

async function waitUntilReady(child: ChildProcess, url: string): Promise<void> {
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopProcessGroup(child);
  throw new Error(`wrangler dev was not ready at ${url} within 90 s:\n${output}`);
}

/** Stops a process started with `detached: true` and everything it started (its process group). */
export function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    signal(-pid, 'SIGTERM');
    setTimeout(() => {
      if (child.exitCode === null) signal(-pid, 'SIGKILL');
    }, 5_000).unref();
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // Already gone: nothing left to stop.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
