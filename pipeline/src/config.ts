import { StreamlogError } from '../../core/errors.ts';
import { isValidTimeZone } from '../../core/time/local-day.ts';

/** Configuration values by name (DESIGN §7), from the Worker's env or the CLI's environment and `.dev.vars`. */
export type ConfigVars = Readonly<Record<string, unknown>>;

export interface TwitchSettings {
  apiBaseUrl: string;
  authBaseUrl: string;
  clientId: string;
  clientSecret: string;
  broadcasterId: string;
  /** The broadcaster's user token for Get Clips Download; null when audio comes from elsewhere. */
  userToken: string | null;
}

export interface PipelineSettings {
  timeZone: string;
  /** Null: the bundled sample channel. */
  twitch: TwitchSettings | null;
  audioServiceUrl: string | null;
  aiProvider: 'workers-ai' | 'offline';
  cloudflare: { apiBaseUrl: string; accountId: string | null; apiToken: string | null };
  /** Offline transcripts; null: the bundled sample transcripts. */
  transcriptsDir: string | null;
  githubUsername: string | null;
  /** Null: the bundled sample activity (no GITHUB_TOKEN). */
  github: { apiBaseUrl: string; token: string } | null;
  /** GitHub webhook secrets, current first; the previous one keeps deliveries valid during rotation. */
  githubWebhookSecrets: string[];
  /** EventSub secrets, current first; a second one lets the secret rotate without dropping deliveries. */
  eventsubSecrets: string[];
  /** Per-call deadline for outside services. */
  httpTimeoutMs: number;
  /** Where pull requests go; null: the local git publisher (CLI) or no publishing (Worker). */
  publishing: PublishingSettings | null;
  /** Null: the local outbox. */
  discordWebhookUrl: string | null;
  /** Text models and the daily Workers AI budget (used only with AI_PROVIDER=workers-ai). */
  ai: AiSettings;
  /** The blog's public origin: links to posts, and the one site the post may link to besides Twitch and GitHub. */
  siteUrl: string;
  /** Hosts under this suffix (`.codewithmara.workers.dev`) may be linked as previews in review messages. */
  previewHostSuffix: string | null;
}

export type GitHubWriteAuth =
  | { kind: 'token'; token: string }
  /** A GitHub App installation: PRs it opens trigger CI, unlike those opened with Actions' default token. */
  | { kind: 'app'; appId: string; privateKey: string; installationId: string };

export interface PublishingSettings {
  apiBaseUrl: string;
  /** `owner/name` (CONTENT_REPO). */
  owner: string;
  repo: string;
  /** CONTENT_BASE_BRANCH, default `main`. The pipeline never writes to it. */
  baseBranch: string;
  auth: GitHubWriteAuth;
}

export interface AiSettings {
  /** Writes the post's prose (JSON mode). */
  textModel: string;
  /** Judges the post (JSON mode). */
  judgeModel: string;
  /** Workers AI units (neurons) per UTC day, reserved in D1 before each call. */
  dailyBudget: number;
}

const DEFAULTS = {
  TWITCH_API_BASE_URL: 'https://api.twitch.tv/helix',
  TWITCH_AUTH_BASE_URL: 'https://id.twitch.tv/oauth2',
  CLOUDFLARE_API_BASE_URL: 'https://api.cloudflare.com/client/v4',
  GITHUB_API_BASE_URL: 'https://api.github.com',
} as const;

/**
 * Reads and checks the pipeline's configuration. Throws one `configuration_error` whose message is
 * a single line saying which variable is wrong and what to do, so the CLI can print it as is and the
 * Worker dead-letters instead of retrying.
 */
export function parsePipelineSettings(vars: ConfigVars): PipelineSettings {
  const text = (name: string): string | null => {
    const value = vars[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const url = (name: keyof typeof DEFAULTS | 'AUDIO_SERVICE_URL'): string | null => {
    const value = text(name) ?? (name in DEFAULTS ? DEFAULTS[name as keyof typeof DEFAULTS] : null);
    if (value === null) return null;
    if (!/^https?:\/\/[^\s/]+/.test(value)) fail(`${name} must be an http(s) URL, got "${value}"`);
    return value.replace(/\/+$/, '');
  };

  const timeZone = text('STREAM_TIMEZONE') ?? 'UTC';
  if (!isValidTimeZone(timeZone))
    fail(`STREAM_TIMEZONE "${timeZone}" is not an IANA time zone (e.g. America/Mexico_City)`);

  const twitchNames = ['TWITCH_CLIENT_ID', 'TWITCH_CLIENT_SECRET', 'TWITCH_BROADCASTER_ID'] as const;
  const setNames = twitchNames.filter((name) => text(name) !== null);
  let twitch: TwitchSettings | null = null;
  if (setNames.length > 0) {
    const missing = twitchNames.filter((name) => text(name) === null);
    if (missing.length > 0) fail(`${setNames.join(', ')} set but ${missing.join(', ')} not: set all three or none`);
    const broadcasterId = text('TWITCH_BROADCASTER_ID') ?? '';
    if (!/^[0-9]+$/.test(broadcasterId))
      fail(`TWITCH_BROADCASTER_ID must be the numeric user id, got "${broadcasterId}"`);
    twitch = {
      apiBaseUrl: url('TWITCH_API_BASE_URL') ?? DEFAULTS.TWITCH_API_BASE_URL,
      authBaseUrl: url('TWITCH_AUTH_BASE_URL') ?? DEFAULTS.TWITCH_AUTH_BASE_URL,
      clientId: text('TWITCH_CLIENT_ID') ?? '',
      clientSecret: text('TWITCH_CLIENT_SECRET') ?? '',
      broadcasterId,
      userToken: text('TWITCH_USER_TOKEN'),
    };
  }

  const provider = text('AI_PROVIDER') ?? 'offline';
  if (provider !== 'offline' && provider !== 'workers-ai')
    fail(`AI_PROVIDER must be "workers-ai" or "offline", got "${provider}"`);
  const audioServiceUrl = url('AUDIO_SERVICE_URL');
  if (provider === 'workers-ai' && !twitch?.userToken && audioServiceUrl === null) {
    fail(
      'AI_PROVIDER=workers-ai needs clip audio: set TWITCH_USER_TOKEN (with Twitch credentials) or AUDIO_SERVICE_URL',
    );
  }

  const timeout = text('HTTP_TIMEOUT_MS');
  const httpTimeoutMs = timeout === null ? 15_000 : Number(timeout);
  if (!Number.isInteger(httpTimeoutMs) || httpTimeoutMs < 100 || httpTimeoutMs > 300_000) {
    fail(`HTTP_TIMEOUT_MS must be a whole number of milliseconds from 100 to 300000, got "${timeout}"`);
  }

  return {
    timeZone,
    twitch,
    audioServiceUrl,
    aiProvider: provider,
    cloudflare: {
      apiBaseUrl: url('CLOUDFLARE_API_BASE_URL') ?? DEFAULTS.CLOUDFLARE_API_BASE_URL,
      accountId: text('CLOUDFLARE_ACCOUNT_ID'),
      apiToken: text('CLOUDFLARE_API_TOKEN'),
    },
    transcriptsDir: text('TRANSCRIPTS_DIR'),
    githubUsername: text('GITHUB_USERNAME'),
    github: githubSettings(text('GITHUB_TOKEN'), text('GITHUB_USERNAME'), url('GITHUB_API_BASE_URL')),
    githubWebhookSecrets: [text('GITHUB_WEBHOOK_SECRET'), text('GITHUB_WEBHOOK_SECRET_PREVIOUS')].filter(
      (secret): secret is string => secret !== null,
    ),
    eventsubSecrets: [text('TWITCH_EVENTSUB_SECRET'), text('TWITCH_EVENTSUB_SECRET_PREVIOUS')].filter(
      (secret): secret is string => secret !== null,
    ),
    httpTimeoutMs,
    publishing: publishingSettings(text, url('GITHUB_API_BASE_URL')),
    discordWebhookUrl: discordWebhookUrl(text('DISCORD_WEBHOOK_URL')),
    ai: {
      textModel: text('AI_TEXT_MODEL') ?? DEFAULT_TEXT_MODEL,
      judgeModel: text('AI_JUDGE_MODEL') ?? text('AI_TEXT_MODEL') ?? DEFAULT_TEXT_MODEL,
      dailyBudget: budget(text('AI_DAILY_BUDGET')),
    },
    siteUrl: siteUrl(text('SITE_URL')),
    previewHostSuffix: previewHostSuffix(text('PREVIEW_HOST_SUFFIX')),
  };
}

const DEFAULT_TEXT_MODEL = '@cf/meta/llama-3.1-8b-instruct';
/** Workers AI's free daily allocation is 10,000 neurons; stay inside it unless told otherwise. */
const DEFAULT_DAILY_BUDGET = 10_000;

function budget(value: string | null): number {
  if (value === null) return DEFAULT_DAILY_BUDGET;
  const units = Number(value);
  if (!Number.isFinite(units) || units < 0) fail(`AI_DAILY_BUDGET must be a number of units ≥ 0, got "${value}"`);
  return units;
}

function previewHostSuffix(value: string | null): string | null {
  if (value === null) return null;
  const suffix = value.toLowerCase().startsWith('.') ? value.toLowerCase() : `.${value.toLowerCase()}`;
  // At least two labels under the dot: `.workers.dev` alone would let anyone's Worker through.
  if (!/^(\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?){3,}$/.test(suffix)) {
    fail(`PREVIEW_HOST_SUFFIX must be a domain like .codewithmara.workers.dev, got "${value}"`);
  }
  return suffix;
}

function siteUrl(value: string | null): string {
  const origin = value ?? 'http://localhost:8787';
  if (!/^https?:\/\/[^\s/]+/.test(origin)) fail(`SITE_URL must be an http(s) URL, got "${origin}"`);
  return origin.replace(/\/+$/, '');
}

function discordWebhookUrl(value: string | null): string | null {
  if (value === null) return null;
  // Discord's execute-webhook URL, or any http(s) base that speaks it (a test server).
  if (!/^https?:\/\/[^\s/]+\/.*webhooks\/[0-9]+\/[A-Za-z0-9_-]+$/.test(value.replace(/\/+$/, ''))) {
    fail('DISCORD_WEBHOOK_URL must look like https://discord.com/api/webhooks/<id>/<token>');
  }
  return value.replace(/\/+$/, '');
}

function publishingSettings(
  text: (name: string) => string | null,
  apiBaseUrl: string | null,
): PublishingSettings | null {
  const repository = text('CONTENT_REPO');
  const appNames = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_INSTALLATION_ID'] as const;
  const appSet = appNames.filter((name) => text(name) !== null);
  const token = text('GITHUB_TOKEN');
  if (repository === null) {
    if (appSet.length > 0)
      fail(`${appSet.join(', ')} set but CONTENT_REPO not: set the repository PRs go to (owner/name)`);
    return null;
  }
  const [owner, repo, ...extra] = repository.split('/');
  if (!owner || !repo || extra.length > 0 || !/^[A-Za-z0-9-]+$/.test(owner) || !/^[A-Za-z0-9._-]+$/.test(repo)) {
    fail(`CONTENT_REPO must be "owner/name", got "${repository}"`);
  }
  const baseBranch = text('CONTENT_BASE_BRANCH') ?? 'main';
  if (!/^[A-Za-z0-9._/-]+$/.test(baseBranch) || baseBranch.startsWith('streamlog/')) {
    fail(`CONTENT_BASE_BRANCH must be a branch name outside streamlog/, got "${baseBranch}"`);
  }
  let auth: GitHubWriteAuth;
  if (appSet.length > 0) {
    const missing = appNames.filter((name) => text(name) === null);
    if (missing.length > 0) fail(`${appSet.join(', ')} set but ${missing.join(', ')} not: set all three or none`);
    auth = {
      kind: 'app',
      appId: text('GITHUB_APP_ID') ?? '',
      // Secrets stores often keep a PEM on one line with literal \n.
      privateKey: (text('GITHUB_APP_PRIVATE_KEY') ?? '').replaceAll('\\n', '\n'),
      installationId: text('GITHUB_APP_INSTALLATION_ID') ?? '',
    };
  } else if (token !== null) {
    auth = { kind: 'token', token };
  } else {
    fail(
      'CONTENT_REPO is set but neither GITHUB_TOKEN nor GITHUB_APP_ID/GITHUB_APP_PRIVATE_KEY/GITHUB_APP_INSTALLATION_ID',
    );
  }
  return { apiBaseUrl: apiBaseUrl ?? DEFAULTS.GITHUB_API_BASE_URL, owner, repo, baseBranch, auth };
}

function githubSettings(
  token: string | null,
  username: string | null,
  apiBaseUrl: string | null,
): PipelineSettings['github'] {
  if (token === null) return null;
  if (username === null) fail('GITHUB_TOKEN is set but GITHUB_USERNAME is not: set whose activity to follow');
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(username))
    fail(`GITHUB_USERNAME must be a GitHub login, got "${username}"`);
  return { apiBaseUrl: apiBaseUrl ?? DEFAULTS.GITHUB_API_BASE_URL, token };
}

function fail(message: string): never {
  throw new StreamlogError('configuration_error', message);
}
