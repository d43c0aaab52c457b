import { spawn, spawnSync } from 'node:child_process';

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
