import type { TestProject } from 'vitest/node';
import { createDiscordServer } from './discord-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    discordServerUrl: string;
  }
}

/** vitest globalSetup: one fake Discord webhook API for the whole run; workerd tests get it as `env.DISCORD_TEST_SERVER`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = createDiscordServer();
  project.provide('discordServerUrl', await server.start());
  return () => server.stop();
}
