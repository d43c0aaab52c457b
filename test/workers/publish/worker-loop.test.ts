import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { branchFor } from '../../../core/publishing/bundle.ts';
import { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { workerDeps } from '../../../pipeline/src/deps.ts';
import { type Job, jobs } from '../../../pipeline/src/jobs/registry.ts';
import type { PipelineDeps } from '../../../pipeline/src/ports.ts';
import { DiscordControl, type FakeDiscordMessage } from '../../servers/discord-control.ts';
import { discordWebhookUrl } from '../../servers/discord-credentials.ts';
import { GITHUB_TEST_TOKEN } from '../../servers/github-credentials.ts';
import { CONTENT_OWNER, CONTENT_REPO, type RepoState } from '../../servers/github-repo-protocol.ts';

/**
 * The Worker's own loop in workerd, through the registry's jobs and the deps wired from env: ingest_day
 * queues process_item, the day's last settled item queues publish_post, publish_post opens the PR
 * on the local GitHub and posts the one review message on the local Discord; then GitHub's
 * webhooks (stored in R2, run as github_delivery) move that message along. The queue is a capturing
 * `PIPELINE_QUEUE` binding so the test runs each queued message itself, in order.
 */
const TIME_ZONE = 'America/Mexico_City';
const SITE_URL = 'https://blog.codewithmara.dev';
const FULL_REPO = `${CONTENT_OWNER}/${CONTENT_REPO}`;

type Sent = QueueMessage;

function job<T extends Sent['type']>(type: T): Job<T> {
  const found = jobs[type] as Job<T> | undefined;
  if (!found) throw new Error(`no job for ${type}`);
  return found;
}

interface PublicationRow {
  outcome: string | null;
  notice: string | null;
  pr_number: number | null;
  post_path: string | null;
}

/** One scenario: its own GitHub base path, Discord session and captured queue, and the Worker's deps for them. */
class Loop {
  readonly prefix: string;
  readonly baseUrl: string;
  readonly discord = new DiscordControl(env.DISCORD_TEST_SERVER, crypto.randomUUID());
  readonly sent: Sent[] = [];
  readonly deps: PipelineDeps;
  #delivery = 0;

  constructor(name: string) {
    this.prefix = `/t/worker-loop-${name}-${crypto.randomUUID().slice(0, 8)}`;
    this.baseUrl = `${env.GITHUB_TEST_SERVER}${this.prefix}`;
    const sent = this.sent;
    const loopEnv = {
      ...env,
      STREAM_TIMEZONE: TIME_ZONE,
      HTTP_TIMEOUT_MS: '2000',
      CONTENT_REPO: FULL_REPO,
      GITHUB_TOKEN: GITHUB_TEST_TOKEN,
      GITHUB_USERNAME: 'codewithmara',
      GITHUB_API_BASE_URL: this.baseUrl,
      DISCORD_WEBHOOK_URL: discordWebhookUrl(this.discord.url),
      SITE_URL,
      PREVIEW_HOST_SUFFIX: '.codewithmara.workers.dev',
      PIPELINE_QUEUE: {
        send: async (message: unknown) => {
          // What the dispatcher would accept: the same schema it parses every message with.
          sent.push(QueueMessage.parse(message));
        },
      },
    } as unknown as Env;
    this.deps = workerDeps(loopEnv);
  }

  async reset(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/__github/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`reset answered ${response.status}`);
    await this.discord.reset();
  }

  async state(): Promise<RepoState> {
    const response = await fetch(`${this.baseUrl}/__github/state`);
    return (await response.json()) as RepoState;
  }

  /** Takes the messages queued since the last call. */
  drain(): Sent[] {
    return this.sent.splice(0);
  }

  /** Stores a webhook body in R2 as the receiver does and runs its github_delivery job. */
  async deliver(event: string, payload: unknown): Promise<void> {
    this.#delivery += 1;
    const body = JSON.stringify(payload);
    const key = `github-webhooks/worker-loop-${crypto.randomUUID()}.json`;
    await env.ARTIFACTS.put(key, body);
    await job('github_delivery')(
      {
        type: 'github_delivery',
        delivery_id: `worker-loop-${this.#delivery}-${crypto.randomUUID()}`,
        event,
        payload_r2_key: key,
        enqueued_at: new Date().toISOString(),
      },
      this.deps,
    );
  }

  /** The review message, checked to be the only one, to be `id`, and to have been edited `edits` times. */
  async onlyMessage(id: string, edits: number): Promise<FakeDiscordMessage> {
    const messages = await this.discord.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.id).toBe(id);
    expect(messages[0]?.edits).toBe(edits);
    return messages[0] as FakeDiscordMessage;
  }

  /**
   * ingest_day, then every queued process_item in order (a failing item is left failed, as the
   * dispatcher would after its retries), recording how many publish_post messages each step queued.
   */
  async runDay(date: string): Promise<{ afterIngest: Sent[]; perItem: Sent[][]; failed: string[] }> {
    await job('ingest_day')(
      { type: 'ingest_day', date, trigger: 'cron', force: false, enqueued_at: new Date().toISOString() },
      this.deps,
    );
    const afterIngest = this.drain();
    const perItem: Sent[][] = [];
    const failed: string[] = [];
    for (const message of afterIngest) {
      if (message.type !== 'process_item') continue;
      try {
        await job('process_item')(message, this.deps);
      } catch {
        failed.push(message.content_item_id);
      }
      perItem.push(this.drain());
    }
    return { afterIngest, perItem, failed };
  }
}

async function publication(subjectKey: string): Promise<PublicationRow | null> {
  return env.DB.prepare('SELECT outcome, notice, pr_number, post_path FROM publications WHERE subject_key = ?1')
    .bind(subjectKey)
    .first<PublicationRow>();
}

interface Embed {
  title: string;
  color: number;
  url?: string;
  fields: { name: string; value: string }[];
}

function embedOf(message: FakeDiscordMessage | undefined): Embed {
  const embed = message?.embeds[0] as Embed | undefined;
  if (!embed) throw new Error('message has no embed');
  return embed;
}

function field(embed: Embed, name: string): string | undefined {
  return embed.fields.find((f) => f.name === name)?.value;
}

const publishOf = (date: string) => ({
  type: 'publish_post' as const,
  content_type: 'daily_recap' as const,
  period_start: date,
  period_end: date,
  force: false,
  // The ingest_day chain's run id, carried from ingest_day through process_item.
  run_id: expect.stringMatching(/^run_/),
  enqueued_at: expect.any(String),
});

const closedMerged = (number: number, ref: string, repository = FULL_REPO) => ({
  action: 'closed',
  pull_request: { number, merged: true, head: { ref } },
  repository: { full_name: repository },
  sender: { login: 'codewithmara' },
});

const productionDeployed = (repository = FULL_REPO) => ({
  deployment_status: { state: 'success', environment: 'production', environment_url: 'https://blog.example.dev' },
  deployment: { ref: 'main', environment: 'production' },
  repository: { full_name: repository },
});

/** A scenario's day: the branch and publication subject of its daily recap, and a Loop of its own. */
function dayScenario(date: string, name: string) {
  const period = { start: date, end: date };
  return { date, branch: branchFor('daily_recap', period), subject: `daily_recap:${date}`, loop: new Loop(name) };
}

describe('a day reaches its PR by itself in the Worker, and its review message moves with GitHub (2026-11-05)', () => {
  const { date: DATE, branch: BRANCH, subject: SUBJECT, loop } = dayScenario('2026-11-05', 'main');
  let publishMessage: Extract<Sent, { type: 'publish_post' }>;
  let prNumber = 0;
  let messageId = '';

  beforeAll(async () => {
    await loop.reset();
  });

  it('ingest → process_item → publish_post: one PR one commit ahead, one message; a duplicate delivery changes nothing', async () => {
    const { afterIngest, perItem } = await loop.runDay(DATE);

    // Ingest queued work and no publish yet (items are still unprocessed).
    const processItems = afterIngest.filter((m) => m.type === 'process_item');
    expect(processItems.length).toBeGreaterThan(1);
    expect(afterIngest.filter((m) => m.type === 'publish_post')).toEqual([]);

    // Only the last item to settle queues the day's publish, exactly once.
    expect(perItem).toHaveLength(processItems.length);
    for (const queued of perItem.slice(0, -1)) expect(queued).toEqual([]);
    expect(perItem.at(-1)).toEqual([publishOf(DATE)]);
    publishMessage = perItem.at(-1)?.[0] as Extract<Sent, { type: 'publish_post' }>;

    await job('publish_post')(publishMessage, loop.deps);
    // Publishing queues nothing further.
    expect(loop.drain()).toEqual([]);

    const state = await loop.state();
    expect(state.violations).toEqual([]);
    expect(state.pulls).toHaveLength(1);
    const pull = state.pulls[0] as { number: number; state: string; head: { ref: string }; base: { ref: string } };
    expect(pull).toMatchObject({ state: 'open', head: { ref: BRANCH }, base: { ref: 'main' } });
    prNumber = pull.number;
    const head = state.branches[BRANCH];
    expect(head?.ahead_by).toBe(1);
    expect(head?.behind_by).toBe(0);
    expect(head?.parents).toEqual([state.base_sha]);

    const messages = await loop.discord.messages();
    expect(messages).toHaveLength(1);
    messageId = messages[0]?.id ?? '';
    expect(embedOf(messages[0]).title).toMatch(/^Judged: /);
    expect(embedOf(messages[0]).url).toBe(`https://github.com/${FULL_REPO}/pull/${prNumber}`);
    const row = await publication(SUBJECT);
    expect(row).toMatchObject({ pr_number: prNumber, outcome: 'created' });

    // The same publish_post delivered again: no write, no new or edited message, same branch head.
    const callsBefore = (await loop.discord.webhookCalls()).length;
    await job('publish_post')(publishMessage, loop.deps);
    expect(loop.drain()).toEqual([]);
    const again = await loop.state();
    expect(again.pulls).toHaveLength(1);
    expect(again.branches[BRANCH]?.sha).toBe(head?.sha);
    expect(Object.keys(again.branches).sort()).toEqual(Object.keys(state.branches).sort());
    expect((await loop.discord.webhookCalls()).length).toBe(callsBefore);
    const after = await loop.discord.messages();
    expect(after).toHaveLength(1);
    expect(after[0]?.edits).toBe(0);
    expect(after[0]?.embeds).toEqual(messages[0]?.embeds);
  });

  it('a merged pull_request edits the same message to Merged (no new message)', async () => {
    expect(prNumber).toBeGreaterThan(0);
    await loop.deliver('pull_request', closedMerged(prNumber, BRANCH));
    expect(loop.drain()).toEqual([]);

    const message = await loop.onlyMessage(messageId, 1);
    const embed = embedOf(message);
    expect(embed.title).toMatch(/^Merged: /);
    expect(embed.color).toBe(0x8957e5);
    expect(message.content).toContain(`**Merged** · PR #${prNumber}`);
    const calls = await loop.discord.webhookCalls();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(calls.at(-1)).toMatchObject({ method: 'PATCH' });
    expect(calls.at(-1)?.path).toContain(`/messages/${messageId}`);
    expect(await publication(SUBJECT)).toMatchObject({ outcome: 'merged' });
  });

  it('a successful production deployment edits it again to Live, linking <SITE_URL>/posts/<slug>/', async () => {
    const row = await publication(SUBJECT);
    const slug = row?.post_path?.split('/').at(-1)?.replace(/\.md$/, '') ?? '';
    expect(row?.post_path).toMatch(/^content\/posts\/2026\/[^/]+\.md$/);
    expect(slug).not.toBe('');

    await loop.deliver('deployment_status', productionDeployed());
    expect(loop.drain()).toEqual([]);

    const message = await loop.onlyMessage(messageId, 2);
    const embed = embedOf(message);
    expect(embed.title).toMatch(/^Live: /);
    expect(embed.color).toBe(0x57f287);
    expect(field(embed, 'Live')).toBe(`[Read the post](${SITE_URL}/posts/${slug}/)`);
    expect(await publication(SUBJECT)).toMatchObject({ outcome: 'live' });

    // A second production deployment finds nothing awaiting live: nothing is sent.
    const callsBefore = (await loop.discord.webhookCalls()).length;
    await loop.deliver('deployment_status', productionDeployed());
    expect((await loop.discord.webhookCalls()).length).toBe(callsBefore);
  });
});

describe('events that are not about the pipeline PR move nothing; a preview deployment does (2026-11-03)', () => {
  const { date: DATE, branch: BRANCH, subject: SUBJECT, loop } = dayScenario('2026-11-03', 'preview');
  let prNumber = 0;
  /** Where the repository's preview workflow puts a PR (`wrangler versions upload --preview-alias pr-<n>`). */
  const previewUrl = () => `https://pr-${prNumber}-streamlog-blog.codewithmara.workers.dev/`;
  let messageId = '';

  beforeAll(async () => {
    await loop.reset();
    const { perItem } = await loop.runDay(DATE);
    const publishes = perItem.flat().filter((m) => m.type === 'publish_post');
    expect(publishes).toEqual([publishOf(DATE)]);
    await job('publish_post')(publishes[0] as Extract<Sent, { type: 'publish_post' }>, loop.deps);
    loop.drain();
    const state = await loop.state();
    expect(state.pulls).toHaveLength(1);
    prNumber = (state.pulls[0] as { number: number }).number;
    const messages = await loop.discord.messages();
    expect(messages).toHaveLength(1);
    messageId = messages[0]?.id ?? '';
  }, 60_000);

  /** Runs `deliver` and checks nothing was sent to Discord and the publication is as it was. */
  async function expectNothingMoves(deliver: () => Promise<void>): Promise<void> {
    const before = await publication(SUBJECT);
    const callsBefore = (await loop.discord.webhookCalls()).length;
    const messagesBefore = await loop.discord.messages();
    await deliver();
    expect(loop.drain()).toEqual([]);
    expect((await loop.discord.webhookCalls()).length).toBe(callsBefore);
    expect(await loop.discord.messages()).toEqual(messagesBefore);
    expect(await publication(SUBJECT)).toEqual(before);
  }

  it('a merged pull_request from another repository moves nothing', async () => {
    expect(prNumber).toBeGreaterThan(0);
    await expectNothingMoves(() => loop.deliver('pull_request', closedMerged(prNumber, BRANCH, 'someone-else/blog')));
  });

  it('a merged pull_request on a branch not starting with streamlog/ moves nothing', async () => {
    await expectNothingMoves(() =>
      loop.deliver('pull_request', closedMerged(prNumber, 'feature/daily-recap-2026-11-03')),
    );
  });

  it('a production deployment of another repository moves nothing', async () => {
    await expectNothingMoves(() => loop.deliver('deployment_status', productionDeployed('someone-else/blog')));
  });

  it('a successful preview deployment of the streamlog branch edits the message to Preview ready with that URL', async () => {
    await loop.deliver('deployment_status', {
      deployment_status: { state: 'success', environment: 'preview', environment_url: previewUrl() },
      deployment: { ref: BRANCH, environment: 'preview' },
      repository: { full_name: FULL_REPO },
    });
    expect(loop.drain()).toEqual([]);

    const row = await publication(SUBJECT);
    expect(JSON.parse(row?.notice ?? '{}')).toMatchObject({ stage: 'preview_ready', preview_url: previewUrl() });
    const message = await loop.onlyMessage(messageId, 1);
    const embed = embedOf(message);
    expect(embed.title).toMatch(/^Preview ready: /);
    expect(embed.color).toBe(0x3498db);
    expect(field(embed, 'Preview')).toBeDefined();
  });

  it('the reviewer can open that preview from the message (the Preview field links the deployment URL)', async () => {
    // The URL the repository's own preview workflow produces (a workers.dev preview alias).
    const embed = embedOf((await loop.discord.messages())[0]);
    expect(embed.title).toMatch(/^Preview ready: /);
    expect(field(embed, 'Preview')).toBe(`[Open the preview](${previewUrl()})`);
  });
});

describe('a publish_post delivered again after the merge does not stop the message going live (2026-11-09)', () => {
  const { date: DATE, branch: BRANCH, subject: SUBJECT, loop } = dayScenario('2026-11-09', 'late');
  let publishMessage: Extract<Sent, { type: 'publish_post' }>;
  let prNumber = 0;

  beforeAll(async () => {
    await loop.reset();
    const { perItem } = await loop.runDay(DATE);
    const publishes = perItem.flat().filter((m) => m.type === 'publish_post');
    expect(publishes).toEqual([publishOf(DATE)]);
    publishMessage = publishes[0] as Extract<Sent, { type: 'publish_post' }>;
    await job('publish_post')(publishMessage, loop.deps);
    loop.drain();
    const state = await loop.state();
    expect(state.pulls).toHaveLength(1);
    prNumber = (state.pulls[0] as { number: number }).number;
  }, 60_000);

  it('merged on GitHub, then the same publish_post again, then production deploys: the one message ends Live', async () => {
    // A person merges the PR on GitHub, and GitHub sends the webhook.
    const merge = await fetch(`${loop.baseUrl}/__github/merge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ number: prNumber }),
    });
    expect(merge.ok).toBe(true);
    await loop.deliver('pull_request', closedMerged(prNumber, BRANCH));
    expect(embedOf((await loop.discord.messages())[0]).title).toMatch(/^Merged: /);

    // At-least-once delivery: the day's publish_post runs again (a redelivery, or a late item settling).
    await job('publish_post')(publishMessage, loop.deps);
    loop.drain();
    const state = await loop.state();
    expect(state.pulls).toHaveLength(1);
    expect(state.violations).toEqual([]);
    const afterRerun = await loop.discord.messages();
    expect(afterRerun).toHaveLength(1);
    expect(embedOf(afterRerun[0]).title).toMatch(/^Merged: /);

    await loop.deliver('deployment_status', productionDeployed());
    const messages = await loop.discord.messages();
    expect(messages).toHaveLength(1);
    const embed = embedOf(messages[0]);
    expect({ title: embed.title.split(':')[0], outcome: (await publication(SUBJECT))?.outcome }).toEqual({
      title: 'Live',
      outcome: 'live',
    });
  });
});
