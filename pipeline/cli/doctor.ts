/**
 * `npm run pipeline -- doctor [--reach] [--json]`: what the configuration (environment over
 * `.dev.vars`, read by `parsePipelineSettings` exactly as `run` reads it) will do, area by area, and
 * exactly what to set when something is missing. With `--reach`, one cheap read-only request per
 * configured service. No secret value is ever printed.
 */
import { isStreamlogError } from '../../core/errors.ts';
import { parseJsonOrNull } from '../../core/http/parse-json.ts';
import {
  type ConfigVars,
  type PipelineSettings,
  type PublishingSettings,
  parsePipelineSettings,
} from '../src/config.ts';
import type { FetchLike } from '../src/http/upstream-fetch.ts';

/**
 * `ok`: configured and usable; `default`: not configured, the offline default is used; `missing`:
 * the configuration chose something that needs a variable that is not set; `broken`: a value is
 * wrong (or, with --reach, the service refused it or could not be reached).
 */
export type FindingStatus = 'ok' | 'default' | 'missing' | 'broken' | 'skipped';

export interface Finding {
  area: string;
  status: FindingStatus;
  /** What is configured, or what happens without it. */
  detail: string;
  /** What to set, with the exact variable names; absent when nothing needs doing. */
  fix?: string;
}

export interface DoctorReport {
  config: Finding[];
  /** Null without --reach. */
  reach: Finding[] | null;
  exit_code: 0 | 1;
}

const set = (vars: ConfigVars, name: string): boolean =>
  typeof vars[name] === 'string' && String(vars[name]).trim() !== '';

/**
 * The configuration, one finding per area. A configuration `run` would refuse is one `broken`
 * finding with `parsePipelineSettings`'s own line, since the other areas are not read past it.
 */
export function diagnoseVars(vars: ConfigVars, options: { transcriptsDirExists?: (dir: string) => boolean } = {}) {
  let settings: PipelineSettings;
  try {
    settings = parsePipelineSettings(vars);
  } catch (error) {
    const message = isStreamlogError(error) ? error.message : String(error);
    return {
      settings: null,
      findings: [
        {
          area: 'configuration',
          status: 'broken',
          detail: `run would refuse to start: ${message}`,
          fix: 'fix that variable in the environment or .dev.vars, then run doctor again',
        } satisfies Finding,
      ],
    };
  }
  return { settings, findings: configFindings(settings, vars, options) };
}

/** Pure: settings (and which variables were set, to tell a default from a choice) → one finding per area. */
export function configFindings(
  settings: PipelineSettings,
  vars: ConfigVars,
  options: { transcriptsDirExists?: (dir: string) => boolean } = {},
): Finding[] {
  const findings: Finding[] = [];

  // Twitch
  if (settings.twitch === null) {
    findings.push({
      area: 'Twitch',
      status: 'default',
      detail: 'the bundled sample channel (no Twitch credentials)',
      fix: 'for real clips set TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET and TWITCH_BROADCASTER_ID',
    });
  } else {
    findings.push({
      area: 'Twitch',
      status: 'ok',
      detail: `broadcaster ${settings.twitch.broadcasterId} at ${settings.twitch.apiBaseUrl}${settings.twitch.userToken ? ', clip audio with TWITCH_USER_TOKEN' : ''}`,
    });
  }

  // Transcription and Workers AI
  if (settings.aiProvider === 'offline') {
    const dir = settings.transcriptsDir;
    if (dir !== null && options.transcriptsDirExists && !options.transcriptsDirExists(dir)) {
      findings.push({
        area: 'transcription',
        status: 'broken',
        detail: `AI_PROVIDER=offline reads TRANSCRIPTS_DIR "${dir}", which does not exist`,
        fix: 'set TRANSCRIPTS_DIR to a folder of Whisper-shaped <clip_id>.json files, or unset it for the bundled sample',
      });
    } else {
      findings.push({
        area: 'transcription',
        status: 'default',
        detail: `offline: Whisper-shaped files from ${dir === null ? 'the bundled sample transcripts' : `TRANSCRIPTS_DIR ${dir}`}; posts written without a model`,
        fix: 'for Workers AI set AI_PROVIDER=workers-ai, CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN, and TWITCH_USER_TOKEN or AUDIO_SERVICE_URL',
      });
    }
  } else {
    const missing = (['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN'] as const).filter((name) => !set(vars, name));
    const audio = settings.twitch?.userToken ? 'Get Clips Download (TWITCH_USER_TOKEN)' : 'AUDIO_SERVICE_URL';
    if (missing.length > 0) {
      findings.push({
        area: 'transcription',
        status: 'missing',
        detail: `AI_PROVIDER=workers-ai outside a Worker (the CLI) calls the REST API, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`,
        fix: `set ${missing.join(' and ')} (an API token with Workers AI Read and Edit), or AI_PROVIDER=offline; the deployed Worker uses its AI binding instead`,
      });
    } else {
      findings.push({
        area: 'transcription',
        status: 'ok',
        detail: `Workers AI REST at ${settings.cloudflare.apiBaseUrl} (account ${settings.cloudflare.accountId}), audio from ${audio}, text ${settings.ai.textModel}, judge ${settings.ai.judgeModel}`,
      });
    }
  }

  // GitHub activity
  if (settings.github === null) {
    findings.push({
      area: 'GitHub activity',
      status: 'default',
      detail: `the bundled sample activity (no GITHUB_TOKEN)${set(vars, 'GITHUB_USERNAME') ? `; GITHUB_USERNAME ${settings.githubUsername} is not used without it` : ''}`,
      fix: 'for real commits and pull requests set GITHUB_TOKEN and GITHUB_USERNAME',
    });
  } else {
    findings.push({
      area: 'GitHub activity',
      status: 'ok',
      detail: `events of ${settings.githubUsername} at ${settings.github.apiBaseUrl}`,
    });
  }

  // Publishing
  const publishing = settings.publishing;
  if (publishing === null) {
    findings.push({
      area: 'publishing',
      status: 'default',
      detail:
        'no CONTENT_REPO: the CLI commits to the local content repository (.wrangler/state/content-repo); the Worker keeps bundles in R2',
      fix: 'to open pull requests set CONTENT_REPO (owner/name) and GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID, or GITHUB_TOKEN',
    });
  } else if (publishing.auth.kind === 'app' && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(publishing.auth.privateKey)) {
    findings.push({
      area: 'publishing',
      status: 'broken',
      detail: `CONTENT_REPO ${publishing.owner}/${publishing.repo} with GitHub App ${publishing.auth.appId}, but GITHUB_APP_PRIVATE_KEY is not a PEM private key`,
      fix: "set GITHUB_APP_PRIVATE_KEY to the App's .pem file contents (newlines, or literal \\n on one line)",
    });
  } else {
    findings.push({
      area: 'publishing',
      status: 'ok',
      detail: `pull requests on ${publishing.owner}/${publishing.repo} against ${publishing.baseBranch} at ${publishing.apiBaseUrl}, as ${
        publishing.auth.kind === 'app'
          ? `GitHub App ${publishing.auth.appId} (installation ${publishing.auth.installationId})`
          : 'GITHUB_TOKEN (PRs opened by the Actions token do not trigger CI; prefer a GitHub App)'
      }`,
    });
  }

  // Discord
  findings.push(
    settings.discordWebhookUrl === null
      ? {
          area: 'Discord',
          status: 'default',
          detail: 'review messages go to the local outbox (notification_messages)',
          fix: 'to be told on Discord set DISCORD_WEBHOOK_URL (https://discord.com/api/webhooks/<id>/<token>)',
        }
      : {
          area: 'Discord',
          status: 'ok',
          detail: `webhook ${webhookIdOf(settings.discordWebhookUrl)} at ${originOf(settings.discordWebhookUrl)}`,
        },
  );

  // Time zone
  findings.push(
    set(vars, 'STREAM_TIMEZONE')
      ? { area: 'time zone', status: 'ok', detail: `days are local days in ${settings.timeZone}` }
      : {
          area: 'time zone',
          status: 'default',
          detail: 'days are UTC days',
          fix: "set STREAM_TIMEZONE to the streamer's IANA zone (e.g. America/Mexico_City)",
        },
  );

  // Site URL
  findings.push(
    set(vars, 'SITE_URL')
      ? { area: 'site URL', status: 'ok', detail: `posts link to ${settings.siteUrl}` }
      : {
          area: 'site URL',
          status: 'default',
          detail: `posts link to ${settings.siteUrl}`,
          fix: "set SITE_URL to the blog's public origin (https://…)",
        },
  );

  // AI budget
  if (settings.aiProvider === 'offline') {
    findings.push({ area: 'AI budget', status: 'ok', detail: 'not used (AI_PROVIDER=offline)' });
  } else if (settings.ai.dailyBudget === 0) {
    findings.push({
      area: 'AI budget',
      status: 'broken',
      detail: 'AI_DAILY_BUDGET=0: every Workers AI call is refused',
      fix: 'raise AI_DAILY_BUDGET (Workers AI includes 10000 neurons a day), or unset it for that default',
    });
  } else {
    findings.push({
      area: 'AI budget',
      status: set(vars, 'AI_DAILY_BUDGET') ? 'ok' : 'default',
      detail: `${settings.ai.dailyBudget} Workers AI units per UTC day${set(vars, 'AI_DAILY_BUDGET') ? ' (AI_DAILY_BUDGET)' : ' (the free daily allocation)'}`,
    });
  }
  return findings;
}

export interface ReachOptions {
  fetch: FetchLike;
  /**
   * `GET /repos/{CONTENT_REPO}` with a GitHub App's installation token (minted by the publisher's
   * client); without it, an App configuration is skipped.
   */
  githubAppRepo?: (settings: PublishingSettings, timeoutMs: number) => Promise<{ status: number }>;
  /** Per request; the settings' HTTP_TIMEOUT_MS capped at 10 s unless given. */
  timeoutMs?: number;
}

/** One cheap read-only request per configured service, in order; each answers one finding. */
export async function reachFindings(settings: PipelineSettings, options: ReachOptions): Promise<Finding[]> {
  const timeoutMs = options.timeoutMs ?? Math.min(settings.httpTimeoutMs, 10_000);
  const call = async (url: string, init: RequestInit = {}): Promise<ProbeAnswer> => {
    const started = Date.now();
    try {
      const response = await options.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const text = await response.text().catch(() => '');
      return { status: response.status, body: parseJsonOrNull(text), ms: Date.now() - started, error: null };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const reason =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${timeoutMs} ms`
          : error instanceof Error
            ? ((error.cause as Error | undefined)?.message ?? error.message)
            : String(error);
      return { status: 0, body: null, ms: Date.now() - started, error: reason };
    }
  };
  const findings: Finding[] = [];

  // Twitch: the client-credentials grant proves the client id and secret.
  if (settings.twitch) {
    const twitch = settings.twitch;
    const answer = await call(`${twitch.authBaseUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: twitch.clientId,
        client_secret: twitch.clientSecret,
        grant_type: 'client_credentials',
      }).toString(),
    });
    findings.push(
      probeFinding(answer, {
        area: 'Twitch',
        what: `POST ${twitch.authBaseUrl}/token`,
        note: ', app token issued',
        unreachableFix: 'check TWITCH_AUTH_BASE_URL and the network',
        fixFor: (status) =>
          status === 400 || status === 401 || status === 403
            ? 'Twitch refused the client credentials: check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET (dev.twitch.tv → Your Console → Applications)'
            : 'Twitch did not answer as expected: check TWITCH_AUTH_BASE_URL, or try again later',
      }),
    );
  } else {
    findings.push({ area: 'Twitch', status: 'skipped', detail: 'not configured (sample channel)' });
  }

  // Workers AI: listing one model is free and needs the same token.
  if (settings.aiProvider === 'workers-ai' && settings.cloudflare.accountId && settings.cloudflare.apiToken) {
    const { apiBaseUrl, accountId, apiToken } = settings.cloudflare;
    const url = `${apiBaseUrl}/accounts/${encodeURIComponent(accountId)}/ai/models/search?per_page=1`;
    const answer = await call(url, { headers: { authorization: `Bearer ${apiToken}` } });
    findings.push(
      probeFinding(answer, {
        area: 'Workers AI',
        what: `GET ${url}`,
        unreachableFix: 'check CLOUDFLARE_API_BASE_URL and the network',
        fixFor: (status) =>
          status === 401 || status === 403
            ? 'Cloudflare refused CLOUDFLARE_API_TOKEN: create a token with Workers AI Read and Edit for this account'
            : status === 404
              ? 'no such account: check CLOUDFLARE_ACCOUNT_ID (dash.cloudflare.com → Workers & Pages → Account ID)'
              : 'Workers AI did not answer as expected: check CLOUDFLARE_API_BASE_URL, or try again later',
      }),
    );
  } else {
    findings.push({
      area: 'Workers AI',
      status: 'skipped',
      detail:
        settings.aiProvider === 'offline'
          ? 'not configured (AI_PROVIDER=offline)'
          : 'CLOUDFLARE_ACCOUNT_ID or CLOUDFLARE_API_TOKEN not set',
    });
  }

  // GitHub: the content repository (with the publishing credentials), then the followed user.
  if (settings.publishing) {
    const p = settings.publishing;
    const url = `${p.apiBaseUrl}/repos/${p.owner}/${p.repo}`;
    const what = `GET ${url}`;
    if (p.auth.kind === 'app') {
      // The installation token exchange is the publisher's own client (doctor-github-app.ts), then the same read.
      const started = Date.now();
      try {
        if (!options.githubAppRepo) throw new Error('no GitHub App client was given to the doctor');
        const answer = await options.githubAppRepo(p, timeoutMs);
        findings.push(
          answer.status === 200
            ? {
                area: 'GitHub publishing',
                status: 'ok',
                detail: `${what} as GitHub App ${p.auth.appId} → 200 (${Date.now() - started} ms)`,
              }
            : {
                area: 'GitHub publishing',
                status: 'broken',
                detail: `${what} as GitHub App ${p.auth.appId} → ${answer.status}`,
                fix: `CONTENT_REPO ${p.owner}/${p.repo} does not exist or the App is not installed on it: check the name and the installation`,
              },
        );
      } catch (error) {
        findings.push({
          area: 'GitHub publishing',
          status: 'broken',
          detail:
            `${what} as GitHub App ${p.auth.appId} failed: ${isStreamlogError(error) ? error.message : String(error)}`.slice(
              0,
              400,
            ),
          fix: 'check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID, and that the App is installed on CONTENT_REPO',
        });
      }
    } else {
      const answer = await call(url, { headers: githubHeaders(p.auth.token) });
      const cannotPush = (answer.body as { permissions?: { push?: boolean } } | null)?.permissions?.push === false;
      const found = probeFinding(answer, {
        area: 'GitHub publishing',
        what,
        note: cannotPush ? ', but the credentials cannot push' : '',
        unreachableFix: 'check GITHUB_API_BASE_URL and the network',
        fixFor: (status) =>
          status === 401
            ? 'GitHub rejected GITHUB_TOKEN (Bad credentials): set a valid token'
            : status === 404 || status === 403
              ? `CONTENT_REPO ${p.owner}/${p.repo} does not exist or these credentials cannot see it: check the name and the token's repository access`
              : 'GitHub did not answer as expected: check GITHUB_API_BASE_URL, or try again later',
      });
      findings.push(
        found.status === 'ok' && cannotPush
          ? {
              ...found,
              status: 'broken',
              fix: 'give the token or App Contents and Pull requests write access on CONTENT_REPO',
            }
          : found,
      );
    }
  } else {
    findings.push({ area: 'GitHub publishing', status: 'skipped', detail: 'not configured (no CONTENT_REPO)' });
  }
  if (settings.github && settings.githubUsername) {
    const url = `${settings.github.apiBaseUrl}/users/${settings.githubUsername}`;
    const answer = await call(url, { headers: githubHeaders(settings.github.token) });
    findings.push(
      probeFinding(answer, {
        area: 'GitHub activity',
        what: `GET ${url}`,
        unreachableFix: 'check GITHUB_API_BASE_URL and the network',
        fixFor: (status) =>
          status === 401
            ? 'GitHub rejected GITHUB_TOKEN (Bad credentials): set a valid token'
            : status === 404
              ? `no GitHub user "${settings.githubUsername}": check GITHUB_USERNAME`
              : 'GitHub did not answer as expected: check GITHUB_API_BASE_URL, or try again later',
      }),
    );
  } else {
    findings.push({ area: 'GitHub activity', status: 'skipped', detail: 'not configured (sample activity)' });
  }

  // Discord: GET on the webhook URL answers the webhook object; no message is sent.
  if (settings.discordWebhookUrl) {
    const answer = await call(settings.discordWebhookUrl);
    const webhook = answer.body as { name?: string; channel_id?: string } | null;
    findings.push(
      probeFinding(answer, {
        area: 'Discord',
        what: `GET ${redactWebhook(settings.discordWebhookUrl)}`,
        note: `, webhook "${webhook?.name ?? '?'}" in channel ${webhook?.channel_id ?? '?'}`,
        unreachableFix: 'check DISCORD_WEBHOOK_URL and the network',
        fixFor: (status) =>
          status === 401
            ? 'the token part of DISCORD_WEBHOOK_URL is wrong: copy the webhook URL again'
            : status === 404
              ? 'the webhook was deleted (or the id is wrong): create one (channel → Integrations → Webhooks) and set DISCORD_WEBHOOK_URL'
              : 'Discord did not answer as expected: try again later',
      }),
    );
  } else {
    findings.push({ area: 'Discord', status: 'skipped', detail: 'not configured (local outbox)' });
  }
  return findings;
}

/** What one probe request got: a status and body, or why nothing answered. */
interface ProbeAnswer {
  status: number;
  body: unknown;
  ms: number;
  error: string | null;
}

interface Probe {
  area: string;
  /** The request, as the finding names it (`GET <url>`, secrets redacted). */
  what: string;
  /** Added to the detail of a 200 (what the answer showed). */
  note?: string;
  /** What to check when nothing answered. */
  unreachableFix: string;
  /** What to fix when the service answered, but not 200. */
  fixFor: (status: number) => string;
}

/** One service's finding: ok on 200, otherwise broken with the fix for what came back (or did not). */
function probeFinding(answer: ProbeAnswer, probe: Probe): Finding {
  const { area, what } = probe;
  if (answer.error)
    return { area, status: 'broken', detail: `${what}: unreachable (${answer.error})`, fix: probe.unreachableFix };
  if (answer.status !== 200) {
    return {
      area,
      status: 'broken',
      detail: `${what} → ${answer.status}${messageOf(answer.body)}`,
      fix: probe.fixFor(answer.status),
    };
  }
  return { area, status: 'ok', detail: `${what} → 200${probe.note ?? ''} (${answer.ms} ms)` };
}

/** 1 when anything is missing or broken (configured but wrong, or unreachable); 0 otherwise. */
export function exitCodeOf(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.status === 'missing' || f.status === 'broken') ? 1 : 0;
}

/** The report for a person: one line per area, the fix indented under it. */
export function doctorText(report: DoctorReport): string {
  const lines = ['configuration (environment over .dev.vars):'];
  const line = (f: Finding) => {
    lines.push(`  ${f.status.padEnd(8)} ${f.area.padEnd(18)} ${f.detail}`);
    if (f.fix && f.status !== 'ok') lines.push(`  ${''.padEnd(8)} ${''.padEnd(18)} → ${f.fix}`);
  };
  for (const f of report.config) line(f);
  if (report.reach) {
    lines.push('reachability (one read-only request each):');
    for (const f of report.reach) line(f);
  }
  lines.push(report.exit_code === 0 ? 'nothing is missing' : 'something is missing or broken (see the → lines)');
  return `${lines.join('\n')}\n`;
}

/** Runs the doctor: configuration findings, then (with reach and a readable configuration) the requests. */
export async function runDoctor(
  vars: ConfigVars,
  options: {
    reach: boolean;
    fetch: FetchLike;
    transcriptsDirExists?: (dir: string) => boolean;
    githubAppRepo?: ReachOptions['githubAppRepo'];
  },
): Promise<DoctorReport> {
  const { settings, findings } = diagnoseVars(vars, options);
  const reach =
    options.reach && settings
      ? await reachFindings(settings, {
          fetch: options.fetch,
          ...(options.githubAppRepo ? { githubAppRepo: options.githubAppRepo } : {}),
        })
      : null;
  return { config: findings, reach, exit_code: exitCodeOf([...findings, ...(reach ?? [])]) };
}

function githubHeaders(token: string): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'streamlog-doctor',
  };
}

function messageOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const b = body as { message?: unknown; errors?: { message?: unknown }[] };
  const message = typeof b.message === 'string' ? b.message : b.errors?.[0]?.message;
  return typeof message === 'string' ? ` (${message.slice(0, 120)})` : '';
}

function webhookIdOf(url: string): string {
  return /webhooks\/([0-9]+)\//.exec(url)?.[1] ?? '?';
}

function originOf(url: string): string {
  return /^https?:\/\/[^/]+/.exec(url)?.[0] ?? url;
}

/** The webhook URL without its token, which is a secret. */
function redactWebhook(url: string): string {
  return url.replace(/(webhooks\/[0-9]+\/)[^/?]+/, '$1<token>');
}
