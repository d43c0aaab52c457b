import type { TestProject } from 'vitest/node';
import { createWorkersAiServer } from './workers-ai-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    workersAiServerUrl: string;
  }
}

/** vitest globalSetup: one fake Workers AI REST API for the whole run (`inject('workersAiServerUrl')`). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = createWorkersAiServer();
  project.provide('workersAiServerUrl', await server.start());
  return () => server.stop();
}
