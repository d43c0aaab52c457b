import type { TestProject } from 'vitest/node';
import { startLocalServices } from './local-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    twitchServerUrl: string;
    workersAiServerUrl: string;
    githubServerUrl: string;
    discordServerUrl: string;
  }
}

/**
 * vitest globalSetup: one local Twitch, Workers AI, GitHub and Discord for the whole run; workerd
 * tests get them as `env.TWITCH_TEST_SERVER`, `env.WORKERS_AI_TEST_SERVER`, `env.GITHUB_TEST_SERVER`
 * and `env.DISCORD_TEST_SERVER` (vitest.config.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { urls, stop } = await startLocalServices();
  project.provide('twitchServerUrl', urls.twitch);
  project.provide('workersAiServerUrl', urls.ai);
  project.provide('githubServerUrl', urls.github);
  project.provide('discordServerUrl', urls.discord);
  return stop;
}
