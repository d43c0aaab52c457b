declare global {
  namespace Cloudflare {
    interface Env {
      /** Base URL of the fake GitHub REST API (test/servers/github-server.ts). */
      GITHUB_TEST_SERVER: string;
    }
  }
}

export {};
