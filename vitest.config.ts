import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Four projects:
 * - `unit`: pure code (core/, scripts/) in plain Node;
 * - `workers`: Worker code in workerd with real local D1, R2 and Queues, configured from
 *   pipeline/wrangler.toml so tests see the bindings production has;
 * - `build`: end-to-end checks that run the real Astro build in a child process;
 * - `e2e`: the built site served locally, driven over HTTP and in Debian's Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['core/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: './pipeline/wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(migrationsDir),
                // Local fake APIs started in Node by the globalSetup files below.
                TWITCH_TEST_SERVER: inject('twitchServerUrl'),
                WORKERS_AI_TEST_SERVER: inject('workersAiServerUrl'),
                GITHUB_TEST_SERVER: inject('githubServerUrl'),
                DISCORD_TEST_SERVER: inject('discordServerUrl'),
                // The long form of the property tests (docs/hostile-input.md); empty: the bounded form.
                FC_RUNS: process.env.FC_RUNS ?? '',
                // The fault-injection suite's long form (docs/faults.md); empty: the bounded 20 seeds.
                FAULT_SEEDS: process.env.FAULT_SEEDS ?? '',
                FAULT_SEED_FROM: process.env.FAULT_SEED_FROM ?? '',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          setupFiles: ['./test/workers/apply-migrations.ts'],
          globalSetup: ['./test/servers/local-services-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Browser and server tests share one built site and fixed local ports.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'build',
          environment: 'node',
          include: ['test/build/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
