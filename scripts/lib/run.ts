import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Runs a command to completion, its progress on our stderr (stdout too unless `quiet`); exits the
 * process with one line if it fails.
 */
export function runOrExit(command: string, args: string[], what: string, env: NodeJS.ProcessEnv, quiet = false): void {
  const result = spawnSync(command, args, { stdio: ['ignore', quiet ? 'ignore' : process.stderr, 'inherit'], env });
  if (result.status !== 0) {
    console.error(`streamlog: ${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** Starts a long-running command and returns the child; its output goes to ours. */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
}

/**
 * Runs a command to completion with its stdout and stderr in `logFile` (replaced), so progress
 * stays one line per step. Rejects with the log's last lines if it fails.
 */
export function runLogged(
  command: string,
  args: string[],
  what: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<void> {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  const child = spawn(command, args, { stdio: ['ignore', out, out], env });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      closeSync(out);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      closeSync(out);
      if (code === 0) return resolve();
      const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      reject(new Error(`${what} failed (${command} exited ${code ?? signal}); the end of ${logFile}:\n${tail}`));
    });
  });
}
