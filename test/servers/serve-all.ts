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
import { DISCORD_TEST_WEBHOOK, discordWebhookUrl } from './discord-credentials.ts';
import { createDiscordServer } from './discord-server.ts';
import { GITHUB_TEST_TOKEN } from './github-credentials.ts';
import { createGitHubServer } from './github-server.ts';
import { TWITCH_TEST_CREDENTIALS } from './twitch-credentials.ts';
import { createTwitchServer } from './twitch-server.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from './workers-ai-credentials.ts';
import { createWorkersAiServer } from './workers-ai-server.ts';

const servers = {
  twitch: createTwitchServer(),
  github: createGitHubServer(),
  discord: createDiscordServer(),
  ai: createWorkersAiServer(),
};
const urls = {
  twitch: await servers.twitch.start(),
  github: await servers.github.start(),
  discord: await servers.discord.start(),
  ai: await servers.ai.start(),
};

const env: Record<string, string> = {
  TWITCH_API_BASE_URL: `${urls.twitch}/helix`,
  TWITCH_AUTH_BASE_URL: `${urls.twitch}/oauth2`,
  TWITCH_CLIENT_ID: TWITCH_TEST_CREDENTIALS.client_id,
  TWITCH_CLIENT_SECRET: TWITCH_TEST_CREDENTIALS.client_secret,
  TWITCH_BROADCASTER_ID: TWITCH_TEST_CREDENTIALS.broadcaster_id,
  TWITCH_USER_TOKEN: TWITCH_TEST_CREDENTIALS.user_token,
  AI_PROVIDER: 'workers-ai',
  CLOUDFLARE_API_BASE_URL: `${urls.ai}/client/v4`,
  CLOUDFLARE_ACCOUNT_ID: WORKERS_AI_TEST_CREDENTIALS.account_id,
  CLOUDFLARE_API_TOKEN: WORKERS_AI_TEST_CREDENTIALS.api_token,
  GITHUB_API_BASE_URL: urls.github,
  GITHUB_TOKEN: GITHUB_TEST_TOKEN,
  GITHUB_USERNAME: 'codewithmara',
  CONTENT_REPO: 'codewithmara/streamlog-blog',
  DISCORD_WEBHOOK_URL: discordWebhookUrl(urls.discord, DISCORD_TEST_WEBHOOK.id),
};
for (const [name, value] of Object.entries(env)) process.stdout.write(`export ${name}='${value}'\n`);
process.stderr.write('local Twitch, GitHub, Discord and Workers AI are up; Ctrl-C stops them\n');

const stop = async () => {
  await Promise.all(Object.values(servers).map((server) => server.stop()));
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
