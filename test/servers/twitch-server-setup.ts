import type { TestProject } from 'vitest/node';
import { createTwitchServer } from './twitch-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    twitchServerUrl: string;
  }
}

/** vitest globalSetup: one fake Twitch for the whole run; tests reach it at `inject('twitchServerUrl')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = createTwitchServer();
  project.provide('twitchServerUrl', await server.start());
  return () => server.stop();
}
