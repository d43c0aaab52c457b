import type { TestProject } from 'vitest/node';
import { createGitHubServer } from './github-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    githubServerUrl: string;
  }
}

/** vitest globalSetup: one fake GitHub REST API for the whole run; workerd tests get it as `env.GITHUB_TEST_SERVER`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = createGitHubServer();
  project.provide('githubServerUrl', await server.start());
  return () => server.stop();
}
