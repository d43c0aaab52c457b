import type { D1Migration } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** Base URL of the fake Discord webhook API (test/servers/discord-server.ts). */
      DISCORD_TEST_SERVER: string;
    }
  }
}
