/**
 * `node test/servers/serve-all.ts`: starts the local Twitch, GitHub, Discord and Workers AI servers
 * the workerd tests use (each speaks the documented API over the recorded fixture world) and prints
 * the configuration that points the pipeline at them, as `export NAME=value` lines. With those set,
 * `npm run pipeline -- run --date 2026-11-05 --json` talks to real HTTP APIs end to end: Helix and
 * OAuth, Get Clips Download, Workers AI Whisper and text generation over REST, the GitHub Events,
 * compare, pulls and Git Data APIs (content repo `codewithmara/streamlog-blog`), and a Discord
 * webhook. Runs until interrupted (Ctrl-C). Loopback only.
 *
 *   eval "$(node test/servers/serve-all.ts --print-env-and-wait &)"   # or copy the printed lines
 */
import { localServiceVars, startLocalServices } from './local-services.ts';

const services = await startLocalServices();
const env = localServiceVars(services.urls);
for (const [name, value] of Object.entries(env)) process.stdout.write(`export ${name}='${value}'\n`);
process.stderr.write('local Twitch, GitHub, Discord and Workers AI are up; Ctrl-C stops them\n');

const stop = async () => {
  await services.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
