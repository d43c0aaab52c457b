import type { DiscordFault } from '../../servers/discord-control.ts';
import type { AfterFault } from '../../servers/github-repo-protocol.ts';
import type { ScriptedResponse, ScriptRule } from '../../servers/lib/protocol.ts';
import { AI_ERRORS, errorEnvelope, runPath, TEXT_MODEL } from '../../servers/workers-ai-text.ts';
import type { FaultPlan, HttpFault } from './fault-plan.ts';
import { type FaultWorld, FULL_REPO, HTTP_TIMEOUT_MS } from './fault-world.ts';

/** Late enough that the adapter's deadline fires first, whatever the machine's load. */
const LATE_MS = HTTP_TIMEOUT_MS + 400;
const REPO = `/repos/${FULL_REPO}`;

/** Installs a seed's HTTP faults on the world's fakes, each labelled with its place in the plan. */
export async function installFaults(world: FaultWorld, plan: FaultPlan): Promise<void> {
  for (const [index, fault] of plan.http.entries()) {
    const label = labelOf(index);
    switch (fault.service) {
      case 'twitch':
        await world.twitch.script({ ...twitchRule(fault), label });
        break;
      case 'workers_ai':
        await world.ai.script({ ...workersAiRule(fault), label });
        break;
      case 'github':
        await githubFault(world, fault, label);
        break;
      case 'discord':
        await discordFault(world, fault, label);
        break;
    }
  }
}

/**
 * The plan's faults that hit a call: every installed one the fakes no longer hold. A fault whose call
 * never came (a second page on a one-page day, a write a run did not need) stays pending.
 */
export async function firedFaults(world: FaultWorld, plan: FaultPlan): Promise<HttpFault[]> {
  const [twitch, ai, github, repo, discord, discordOwn] = await Promise.all([
    world.twitch.pending(),
    world.ai.pending(),
    world.github.pending(),
    world.repo(),
    world.discord.pending(),
    world.discord.pendingFaults(),
  ]);
  const pending = new Set<string | undefined>([
    ...[...twitch, ...ai, ...github, ...discord].map((rule) => rule.label),
    ...repo.pending_faults,
    ...discordOwn.map((fault) => fault.label),
  ]);
  return plan.http.filter((_, index) => !pending.has(labelOf(index)));
}

const labelOf = (index: number) => `fault-${index}`;

type Where = Pick<ScriptRule, 'method' | 'path' | 'pathPrefix'>;

const late: ScriptedResponse = { status: 504, body: { message: 'too late' }, delay_ms: LATE_MS };
const reset: ScriptedResponse = { reset: true };

function transport(fault: HttpFault, serverError: ScriptedResponse): ScriptedResponse | undefined {
  if (fault.kind === 'server_error') return serverError;
  if (fault.kind === 'timeout') return late;
  if (fault.kind === 'connection_reset') return reset;
  return undefined;
}

function unsupported(fault: HttpFault): never {
  throw new Error(`no script for ${fault.service}.${fault.target}: ${fault.kind}`);
}

// ── Twitch (Helix, OAuth, and the audio service on the same fake) ────────────────────────────────

const TWITCH_TARGETS: Record<string, Where> = {
  token: { method: 'POST', path: '/oauth2/token' },
  clips: { method: 'GET', path: '/helix/clips' },
  videos: { method: 'GET', path: '/helix/videos' },
  audio: { method: 'GET', pathPrefix: '/audio-service/clips/' },
};

function twitchRule(fault: HttpFault): ScriptRule {
  const where = TWITCH_TARGETS[fault.target] ?? unsupported(fault);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const limited = (resetSeconds: number): ScriptedResponse => ({
    status: 429,
    // Twitch's documented bucket headers (test/fixtures/twitch/rate-limit-headers.json).
    headers: { 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(resetSeconds) },
    body: { error: 'Too Many Requests', status: 429, message: 'Too Many Requests' },
  });
  const response =
    transport(fault, { status: 503, body: { error: 'Service Unavailable', status: 503, message: '' } }) ??
    (fault.kind === 'rate_limited'
      ? limited(nowSeconds)
      : fault.kind === 'rate_limited_long'
        ? limited(nowSeconds + 3600)
        : fault.kind === 'expired_token'
          ? { status: 401, body: { error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' } }
          : unsupported(fault));
  return { ...where, after: fault.after, response };
}

// ── Workers AI (REST) ─────────────────────────────────────────────────────────────────────────────

function workersAiRule(fault: HttpFault): ScriptRule {
  const path =
    fault.target === 'whisper'
      ? runPath('@cf/openai/whisper-large-v3-turbo')
      : fault.target === 'text'
        ? runPath(TEXT_MODEL)
        : unsupported(fault);
  const response =
    transport(fault, { status: 500, body: errorEnvelope(7000, 'Internal server error') }) ??
    (fault.kind === 'rate_limited' ? AI_ERRORS.capacity : unsupported(fault));
  return { method: 'POST', path, after: fault.after, response };
}

// ── GitHub (Events for activity; Git Data and pulls for publishing) ──────────────────────────────

const GITHUB_TARGETS: Record<string, Where> = {
  events: { method: 'GET', path: '/users/codewithmara/events' },
  list_pulls: { method: 'GET', path: `${REPO}/pulls` },
  get_ref: { method: 'GET', pathPrefix: `${REPO}/git/ref/` },
  create_tree: { method: 'POST', path: `${REPO}/git/trees` },
  create_commit: { method: 'POST', path: `${REPO}/git/commits` },
  create_ref: { method: 'POST', path: `${REPO}/git/refs` },
  create_pull: { method: 'POST', path: `${REPO}/pulls` },
  // A fresh repository's first pull request is #1.
  add_labels: { method: 'POST', path: `${REPO}/issues/1/labels` },
};

async function githubFault(world: FaultWorld, fault: HttpFault, label: string): Promise<void> {
  const where = GITHUB_TARGETS[fault.target] ?? unsupported(fault);
  if (fault.kind === 'after_write_502' || fault.kind === 'after_write_timeout') {
    // The fake's repository answers the write as usual, then replaces the answer (github-repo-model.ts).
    const after: AfterFault = {
      method: where.method ?? 'POST',
      path: where.path ?? unsupported(fault),
      status: 502,
      body: { message: 'Server Error' },
      ...(fault.kind === 'after_write_timeout' ? { delay_ms: LATE_MS } : {}),
      label,
    };
    const response = await fetch(`${world.githubBase}/__github/fault`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(after),
    });
    if (!response.ok) throw new Error(`fake GitHub fault answered ${response.status}`);
    return;
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  const limit = (headers: Record<string, string>): ScriptedResponse => ({
    status: 429,
    headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-resource': 'core', ...headers },
    body: { message: 'API rate limit exceeded', documentation_url: 'https://docs.github.com/rest' },
  });
  const response =
    transport(fault, { status: 502, body: { message: 'Server Error' } }) ??
    (fault.kind === 'rate_limited'
      ? limit({ 'retry-after': '1' })
      : fault.kind === 'rate_limited_long'
        ? limit({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 3600) })
        : unsupported(fault));
  const scoped: ScriptRule = {
    method: where.method,
    ...(where.path === undefined ? {} : { path: `${world.githubPrefix}${where.path}` }),
    ...(where.pathPrefix === undefined ? {} : { pathPrefix: `${world.githubPrefix}${where.pathPrefix}` }),
    after: fault.after,
    response,
    label,
  };
  await world.github.script(scoped);
}

// ── Discord (the review webhook) ─────────────────────────────────────────────────────────────────

async function discordFault(world: FaultWorld, fault: HttpFault, label: string): Promise<void> {
  if (fault.target !== 'execute') unsupported(fault);
  const own: Partial<Record<HttpFault['kind'], DiscordFault>> = {
    server_error: { kind: 'server_error', method: 'POST', status: 503 },
    // A short wait, in the body (`retry_after`, float seconds) and the `Retry-After` header.
    rate_limited: { kind: 'rate_limited', method: 'POST', retry_after: 0.2 },
    // The global limit's 64.57 s: longer than the notifier waits, so the job is retried later.
    rate_limited_long: { kind: 'rate_limited_global', method: 'POST' },
    after_write_502: { kind: 'created_then_502', method: 'POST' },
  };
  const builtIn = own[fault.kind];
  if (builtIn) return world.discord.fault({ ...builtIn, label });
  const response = transport(fault, late) ?? unsupported(fault);
  await world.discord.script({ method: 'POST', pathPrefix: '/api/webhooks/', after: fault.after, response, label });
}
