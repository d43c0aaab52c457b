import { AsyncLocalStorage } from 'node:async_hooks';
import { StreamlogError } from '../../core/errors.ts';
import { JobStore } from '../../store/api/jobs.ts';
import { RawArtifacts } from '../../store/artifacts/raw-artifacts.ts';
import { D1AiBudget } from '../../store/budgets/ai-budget.ts';
import { ContentItemStore } from '../../store/content-items/store.ts';
import { GitHubActivityStore } from '../../store/github/activity-store.ts';
import { ClipDetailsStore } from '../../store/pipeline/clip-details.ts';
import { PublicationStore } from '../../store/publishing/publications.ts';
import { DeadLetterStore } from '../../store/queue/dead-letters.ts';
import { RunRecordStore } from '../../store/runs/run-records.ts';
import { systemClock } from '../../store/system-clock.ts';
import { InboundDeliveryStore } from '../../store/webhooks/inbound-deliveries.ts';
import { SampleActivitySource } from '../sample/github/sample-activity.ts';
import { SAMPLE_TRANSCRIPTS } from '../sample/transcripts/sample-transcripts.ts';
import { SampleClipSource } from '../sample/twitch/sample-clips.ts';
import { BudgetedTextModel } from './ai/budgeted-text-model.ts';
import { WorkersAiTextBinding } from './ai/workers-ai-text-binding.ts';
import { WorkersAiTextRest } from './ai/workers-ai-text-rest.ts';
import { type ConfigVars, type PipelineSettings, parsePipelineSettings } from './config.ts';
import type { ModelAccess } from './generate/model-call.ts';
import { GitHubActivitySource } from './github/github-activity-source.ts';
import { GitHubHttp } from './github/http-client.ts';
import type { WebhookDeps } from './github/webhook.ts';
import type { FetchLike } from './http/upstream-fetch.ts';
import { createNotifier } from './notify/create-notifier.ts';
import {
  type AudioSource,
  type ClipSource,
  type Clock,
  type Logger,
  type PipelineDeps,
  type Transcriber,
  type WorkQueue,
  withRun,
} from './ports.ts';
import { GitHubPublisher } from './publish/github-publisher.ts';
import type { Publisher } from './publish/ports.ts';
import { R2Publisher } from './publish/r2-publisher.ts';
import type { DispatchDeps } from './queue/dispatch.ts';
import { AudioServiceSource } from './transcripts/audio-service.ts';
import { BudgetedTranscriber } from './transcripts/budgeted-transcriber.ts';
import { OfflineAudio } from './transcripts/offline-audio.ts';
import { type WhisperFileLookup, WhisperFileTranscriber } from './transcripts/whisper-files.ts';
import { type AiBinding, WorkersAiBindingTranscriber } from './transcripts/workers-ai-binding.ts';
import { WorkersAiRestTranscriber } from './transcripts/workers-ai-rest.ts';
import { AppTokenProvider } from './twitch/app-token.ts';
import { ClipDownloadAudio } from './twitch/clip-download-audio.ts';
import type { EventSubDeps } from './twitch/eventsub-receiver.ts';
import { HelixClient } from './twitch/helix-client.ts';
import { HelixClipSource } from './twitch/helix-clip-source.ts';

const SAMPLE_GITHUB_USERNAME = 'codewithmara';

/** Clip media larger than this is refused: Twitch clips are at most a minute. */
const MAX_AUDIO_BYTES = 64 * 1024 * 1024;

/** What a runtime supplies; everything else is wired from settings the same way everywhere. */
export interface Platform {
  db: D1Database;
  bucket: R2Bucket;
  queue: WorkQueue;
  fetch: FetchLike;
  clock: Clock;
  log: Logger;
  /** The Workers AI binding, inside a Worker that declares one. */
  ai: AiBinding | null;
  /** Offline transcripts by clip id. */
  transcriptFiles: WhisperFileLookup;
  /**
   * Where posts go when no CONTENT_REPO is configured: the CLI's local git repository. Without one,
   * the bundle is kept in R2 and nothing is opened.
   */
  localPublisher?: Publisher;
}

export const consoleLogger: Logger = {
  info: (message, meta = {}) => console.log(message, meta),
  warn: (message, meta = {}) => console.warn(message, meta),
  error: (message, meta = {}) => console.error(message, meta),
};

/** The run the current queue job belongs to, if any (see `inRun`). */
const currentRun = new AsyncLocalStorage<string>();

/**
 * Runs `work` as part of run `runId`: every log line inside it, those of the adapters shared by the
 * whole isolate included, carries `run_id`.
 */
export function inRun<T>(runId: string, work: () => Promise<T>): Promise<T> {
  return currentRun.run(runId, work);
}

/**
 * The pipeline Worker's wiring for one `env`: the only place that reads it. Workers hands an isolate
 * the same `env` object for every event, so settings are parsed once and the adapters (with the
 * Twitch app token and GitHub's ETag cache inside them) are built once and reused by every message.
 * Each piece is built on first use: a webhook never builds the Twitch or AI adapters, and a
 * configuration error surfaces in the job that needs the setting (dead-lettered, never retried).
 */
class WorkerWiring {
  readonly #env: Env;
  #settings: PipelineSettings | null = null;
  #pipeline: PipelineDeps | null = null;
  readonly queue: WorkQueue;
  readonly deadLetters: DeadLetterStore;

  constructor(env: Env) {
    this.#env = env;
    this.queue = {
      send: async (message) => {
        await env.PIPELINE_QUEUE.send(message, { contentType: 'json' });
      },
    };
    this.deadLetters = new DeadLetterStore(env.DB, { clock: systemClock });
  }

  get settings(): PipelineSettings {
    this.#settings ??= parsePipelineSettings(this.#env as unknown as ConfigVars);
    return this.#settings;
  }

  get pipeline(): PipelineDeps {
    const vars = this.#env as unknown as ConfigVars;
    this.#pipeline ??= buildPipelineDeps(this.settings, {
      db: this.#env.DB,
      bucket: this.#env.ARTIFACTS,
      queue: this.queue,
      fetch: (input, init) => fetch(input, init),
      clock: systemClock,
      log: withRun(consoleLogger, () => currentRun.getStore() ?? null),
      ai: isAiBinding(vars.AI) ? vars.AI : null,
      transcriptFiles: async (clipId) => SAMPLE_TRANSCRIPTS[clipId] ?? null,
    });
    return this.#pipeline;
  }
}

const wirings = new WeakMap<Env, WorkerWiring>();

function wiringOf(env: Env): WorkerWiring {
  let wiring = wirings.get(env);
  if (!wiring) {
    wiring = new WorkerWiring(env);
    wirings.set(env, wiring);
  }
  return wiring;
}

/** The jobs' deps, built once per `env`. Configuration errors throw a `configuration_error`. */
export function workerDeps(env: Env): PipelineDeps {
  return wiringOf(env).pipeline;
}

/** What the queue dispatcher needs: where dead letters go, and the jobs' deps when a job runs. */
export function queueDeps(env: Env): DispatchDeps {
  const wiring = wiringOf(env);
  return { deadLetters: wiring.deadLetters, jobDeps: () => wiring.pipeline };
}

/** What the EventSub receiver needs: only D1, the queue and its secrets, so a webhook never touches Twitch. */
export function eventSubDeps(env: Env): EventSubDeps {
  const wiring = wiringOf(env);
  return {
    deliveries: new InboundDeliveryStore(env.DB),
    queue: wiring.queue,
    clock: systemClock,
    log: consoleLogger,
    secrets: wiring.settings.eventsubSecrets,
    broadcasterId: wiring.settings.twitch?.broadcasterId ?? null,
  };
}

/** What the GitHub webhook receiver needs: D1, R2, the queue and its secrets; it never calls GitHub. */
export function githubWebhookDeps(env: Env): { deps: WebhookDeps; secrets: string[] } {
  const wiring = wiringOf(env);
  return {
    deps: {
      deliveries: new InboundDeliveryStore(env.DB),
      artifacts: new RawArtifacts(env.ARTIFACTS),
      queue: wiring.queue,
      clock: systemClock,
      log: consoleLogger,
    },
    secrets: wiring.settings.githubWebhookSecrets,
  };
}

/** Wires adapters from settings onto a runtime's platform; the CLI calls this with Node's pieces. */
export function buildPipelineDeps(settings: PipelineSettings, platform: Platform): PipelineDeps {
  const { db, bucket, clock, log } = platform;
  const artifacts = new RawArtifacts(bucket);
  // One budget for Whisper and the text models: over it, the item or the post waits for tomorrow.
  const aiBudget =
    settings.aiProvider === 'workers-ai' ? new D1AiBudget(db, { dailyLimit: settings.ai.dailyBudget, clock }) : null;
  const timeoutMs = settings.httpTimeoutMs;
  let helix: HelixClient | null = null;
  let clips: ClipSource;
  if (settings.twitch) {
    const twitch = settings.twitch;
    const tokens = new AppTokenProvider({ ...twitch, fetch: platform.fetch, clock, timeoutMs });
    helix = new HelixClient({
      apiBaseUrl: twitch.apiBaseUrl,
      clientId: twitch.clientId,
      tokens,
      fetch: platform.fetch,
      clock,
      log,
      timeoutMs,
      maxRateLimitWaitMs: 65_000,
      maxAttempts: 4,
    });
    clips = new HelixClipSource({ helix, artifacts, log, broadcasterId: twitch.broadcasterId });
  } else {
    clips = new SampleClipSource(artifacts);
  }

  let audio: AudioSource = new OfflineAudio();
  let transcriber: Transcriber = new WhisperFileTranscriber(platform.transcriptFiles);
  let transcriberKind: PipelineDeps['config']['transcriberKind'] = 'offline-file';
  if (settings.aiProvider === 'workers-ai') {
    if (helix && settings.twitch?.userToken) {
      audio = new ClipDownloadAudio({
        helix,
        artifacts,
        fetch: platform.fetch,
        broadcasterId: settings.twitch.broadcasterId,
        userToken: settings.twitch.userToken,
        timeoutMs,
        maxBytes: MAX_AUDIO_BYTES,
      });
    } else if (settings.audioServiceUrl) {
      audio = new AudioServiceSource({
        baseUrl: settings.audioServiceUrl,
        artifacts,
        fetch: platform.fetch,
        timeoutMs,
        maxBytes: MAX_AUDIO_BYTES,
      });
    }
    if (platform.ai) {
      transcriber = new WorkersAiBindingTranscriber(platform.ai);
      transcriberKind = 'workers-ai-binding';
    } else {
      const { accountId, apiToken, apiBaseUrl } = settings.cloudflare;
      if (!accountId || !apiToken) {
        throw new StreamlogError(
          'configuration_error',
          'AI_PROVIDER=workers-ai outside a Worker needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (or use AI_PROVIDER=offline)',
        );
      }
      transcriber = new WorkersAiRestTranscriber({ apiBaseUrl, accountId, apiToken, fetch: platform.fetch, timeoutMs });
      transcriberKind = 'workers-ai-rest';
    }
    if (aiBudget) transcriber = new BudgetedTranscriber(transcriber, aiBudget);
  }

  return {
    config: {
      timeZone: settings.timeZone,
      // The bundled sample activity belongs to the sample world's streamer.
      githubUsername: settings.githubUsername ?? SAMPLE_GITHUB_USERNAME,
      clipSourceKind: settings.twitch ? 'twitch' : 'sample',
      transcriberKind,
    },
    clock,
    items: new ContentItemStore(db, { clock, timeZone: settings.timeZone }),
    clipDetails: new ClipDetailsStore(db, { timeZone: settings.timeZone, clock }),
    githubActivity: new GitHubActivityStore(db),
    runs: new RunRecordStore(db),
    jobs: new JobStore(db),
    aiBudget,
    artifacts,
    queue: platform.queue,
    clips,
    audio,
    transcriber,
    publishing: {
      publisher: settings.publishing
        ? new GitHubPublisher({ settings: settings.publishing, fetch: platform.fetch, clock, log, timeoutMs })
        : (platform.localPublisher ?? new R2Publisher(artifacts, log)),
      notifier: createNotifier(settings, { db, fetch: platform.fetch, clock, log }),
      publications: new PublicationStore(db),
      model: aiBudget ? modelAccess(settings, platform, aiBudget) : null,
      siteUrl: settings.siteUrl,
      contentRepo: settings.publishing ? `${settings.publishing.owner}/${settings.publishing.repo}` : null,
    },
    activity: settings.github
      ? new GitHubActivitySource(
          new GitHubHttp({
            baseUrl: settings.github.apiBaseUrl,
            token: settings.github.token,
            fetch: platform.fetch,
            clock,
            log,
            timeoutMs,
            maxAttempts: 4,
            maxRateLimitWaitMs: 65_000,
          }),
        )
      : new SampleActivitySource(),
    log,
  };
}

/** Workers AI for prose and judging, behind the daily budget (AI_PROVIDER=workers-ai). */
function modelAccess(settings: PipelineSettings, platform: Platform, budget: D1AiBudget): ModelAccess {
  const model = (name: string) => {
    if (platform.ai) return new WorkersAiTextBinding(platform.ai, name);
    const { accountId, apiToken, apiBaseUrl } = settings.cloudflare;
    if (!accountId || !apiToken) {
      throw new StreamlogError(
        'configuration_error',
        'AI_PROVIDER=workers-ai outside a Worker needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN',
      );
    }
    return new WorkersAiTextRest({
      apiBaseUrl,
      accountId,
      apiToken,
      model: name,
      fetch: platform.fetch,
      timeoutMs: settings.httpTimeoutMs,
    });
  };
  return {
    writer: new BudgetedTextModel(model(settings.ai.textModel), budget),
    judge: new BudgetedTextModel(model(settings.ai.judgeModel), budget),
  };
}

function isAiBinding(value: unknown): value is AiBinding {
  return typeof value === 'object' && value !== null && typeof (value as { run?: unknown }).run === 'function';
}
