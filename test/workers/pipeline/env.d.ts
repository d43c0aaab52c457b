declare global {
  namespace Cloudflare {
    interface Env {
      /** Base URL of the fake Twitch (test/servers/twitch-server.ts). */
      TWITCH_TEST_SERVER: string;
      /** Base URL of the fake Workers AI REST API (test/servers/workers-ai-server.ts). */
      WORKERS_AI_TEST_SERVER: string;
    }
  }
}

export {};
