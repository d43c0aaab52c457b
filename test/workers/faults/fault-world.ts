import { env } from 'cloudflare:test';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { DiscordControl } from '../../servers/discord-control.ts';
import { discordWebhookUrl } from '../../servers/discord-credentials.ts';
import { GITHUB_TEST_TOKEN } from '../../servers/github-credentials.ts';
import { CONTENT_OWNER, CONTENT_REPO, type RepoState } from '../../servers/github-repo-protocol.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { WORKERS_AI_TEST_CREDENTIALS } from '../../servers/workers-ai-credentials.ts';
import { fakeServiceVars } from '../helpers/deps.ts';

/**
 * Every outside call's deadline in the fault runs; a `timeout` fault answers later than this. Short,
 * since each timeout fault costs it in real time, yet far above the local fakes' few milliseconds.
 */
export const HTTP_TIMEOUT_MS = 600;
export const FULL_REPO = `${CONTENT_OWNER}/${CONTENT_REPO}`;

/**
 * Workers AI units per UTC day for a fault run. A clean sample day reserves 340 to 410 (47 per
 * Whisper call, about 80 each for the writer and the judge); every faulted call and every retried
 * publish reserves again, so a faulted day can reach the limit: past it, the text steps fall back to
 * the offline writer and Whisper fails the item with `ai_budget_exhausted`. Nothing may spend past it.
 */
export const AI_DAILY_BUDGET = 600;

/**
 * One seed's world: its own sessions on the four fakes (Twitch, Workers AI, Discord by session; GitHub
 * by session and base path, so its repository is its own), the Worker's env pointed at them with
 * every service real (Helix and OAuth, an audio service, Workers AI REST, GitHub Events and Git Data,
 * a Discord webhook), and `PIPELINE_QUEUE` handed to whoever drives the queue.
 */
export class FaultWorld {
  readonly name: string;
  readonly twitch: ServerControl;
  readonly ai: ServerControl;
  /** The scripted-response session of this world's GitHub (rules match paths under `githubPrefix`). */
  readonly github: ServerControl;
  /** `/t/<name>`: the fake's repository for this world. */
  readonly githubPrefix: string;
  /** `GITHUB_API_BASE_URL`. */
  readonly githubBase: string;
  readonly discord: DiscordControl;

  constructor(name: string) {
    this.name = name;
    const session = `${name}-${crypto.randomUUID().slice(0, 8)}`;
    this.twitch = new ServerControl(env.TWITCH_TEST_SERVER, session);
    this.ai = new ServerControl(env.WORKERS_AI_TEST_SERVER, session);
    this.github = new ServerControl(env.GITHUB_TEST_SERVER, session);
    this.githubPrefix = `/t/${session.toLowerCase()}`;
    this.githubBase = `${this.github.url}${this.githubPrefix}`;
    this.discord = new DiscordControl(env.DISCORD_TEST_SERVER, session);
  }

  /** The Worker's env for this world; what the jobs queue goes to `send`. */
  env(send: (message: QueueMessage) => void): Env {
    return {
      ...env,
      ...fakeServiceVars(this.twitch.url, {
        HTTP_TIMEOUT_MS: String(HTTP_TIMEOUT_MS),
        AUDIO_SERVICE_URL: `${this.twitch.url}/audio-service`,
        AI_PROVIDER: 'workers-ai',
        AI_DAILY_BUDGET: String(AI_DAILY_BUDGET),
        CLOUDFLARE_API_BASE_URL: `${this.ai.url}/client/v4`,
        CLOUDFLARE_ACCOUNT_ID: WORKERS_AI_TEST_CREDENTIALS.account_id,
        CLOUDFLARE_API_TOKEN: WORKERS_AI_TEST_CREDENTIALS.api_token,
        GITHUB_TOKEN: GITHUB_TEST_TOKEN,
        GITHUB_API_BASE_URL: this.githubBase,
        CONTENT_REPO: FULL_REPO,
        DISCORD_WEBHOOK_URL: discordWebhookUrl(this.discord.url),
        SITE_URL: 'https://blog.codewithmara.dev',
        PREVIEW_HOST_SUFFIX: '.codewithmara.workers.dev',
      }),
      PIPELINE_QUEUE: {
        send: async (message: QueueMessage) => void send(message),
        sendBatch: async (messages: { body: QueueMessage }[]) => {
          for (const message of messages) send(message.body);
        },
      },
    } as unknown as Env;
  }

  /** Empties D1 (every table but the migrations') and R2, and gives this world fresh fakes. */
  async reset(): Promise<void> {
    await wipeStorage();
    const response = await fetch(`${this.githubBase}/__github/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`fake GitHub reset answered ${response.status}`);
    await Promise.all([this.twitch.reset(), this.ai.reset(), this.github.reset(), this.discord.reset()]);
  }

  /** Turns every fault not used yet off, keeping what the fakes hold (messages, the repository, logs). */
  async clearFaults(): Promise<void> {
    const response = await fetch(`${this.githubBase}/__github/clear-faults`, { method: 'POST' });
    if (!response.ok) throw new Error(`fake GitHub clear-faults answered ${response.status}`);
    await Promise.all([this.twitch.unscript(), this.ai.unscript(), this.github.unscript(), this.discord.unscript()]);
    await this.discord.clearFaults();
  }

  async repo(): Promise<RepoState> {
    const response = await fetch(`${this.githubBase}/__github/state`);
    if (!response.ok) throw new Error(`fake GitHub state answered ${response.status}`);
    return (await response.json()) as RepoState;
  }

  /** Throws naming any request a fake could not answer (a route the pipeline should not call). */
  async assertNoUnexpected(): Promise<void> {
    await Promise.all([
      this.twitch.assertNoUnexpected(),
      this.ai.assertNoUnexpected(),
      this.github.assertNoUnexpected(),
      this.discord.assertNoUnexpected(),
    ]);
  }

  /** Forgets this world's sessions on the fakes. */
  async close(): Promise<void> {
    await Promise.all([this.twitch.reset(), this.ai.reset(), this.github.reset(), this.discord.reset()]);
    await fetch(`${this.githubBase}/__github/reset`, { method: 'POST' });
  }
}

async function wipeStorage(): Promise<void> {
  const { results } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'`,
  ).all<{ name: string }>();
  await env.DB.batch(results.map(({ name }) => env.DB.prepare(`DELETE FROM "${name}"`)));
  for (;;) {
    const listed = await env.ARTIFACTS.list({ limit: 1000 });
    if (listed.objects.length === 0) break;
    await env.ARTIFACTS.delete(listed.objects.map((object) => object.key));
  }
}
