import { discordWebhookUrl } from './discord-credentials.ts';
import { createDiscordServer } from './discord-server.ts';
import { GITHUB_TEST_TOKEN } from './github-credentials.ts';
import { createGitHubServer } from './github-server.ts';
import { TWITCH_TEST_CREDENTIALS } from './twitch-credentials.ts';
import { createTwitchServer } from './twitch-server.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from './workers-ai-credentials.ts';
import { createWorkersAiServer } from './workers-ai-server.ts';

/** The local Twitch, GitHub, Discord and Workers AI, in Node (serve-all.ts and the doctor test). */
export interface LocalServices {
  urls: Record<'twitch' | 'github' | 'discord' | 'ai', string>;
  stop(): Promise<void>;
}

export async function startLocalServices(): Promise<LocalServices> {
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
  const stop = async () => {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  };
  return { urls, stop };
}

/** The pipeline's configuration that points it at the local services. */
export function localServiceVars(urls: LocalServices['urls']): Record<string, string> {
  return {
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
    DISCORD_WEBHOOK_URL: discordWebhookUrl(urls.discord),
  };
}
