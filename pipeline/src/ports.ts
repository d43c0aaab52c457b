/**
 * The outside world as the pipeline jobs see it. Jobs take a `PipelineDeps` as a parameter and never
 * read `env`: `deps.ts` builds one per Worker isolate, `pipeline/cli/node-deps.ts` one per CLI process,
 * and tests build theirs with `test/workers/helpers/`. Adapters live next to the service they speak
 * to (`twitch/`, `transcripts/`, `github/`).
 *
 * PipelineDeps (stable contract between the two halves of the pipeline):
 *   config       what the operator configured (time zone, broadcaster, providers)
 *   clock        now() and sleep(); tests pass a fake
 *   items        ContentItemStore over D1
 *   clipDetails  ClipDetailsStore: Twitch timing facts per item, VOD starts
 *   githubActivity  GitHubActivityStore: the streamer's GitHub events as matched
 *   runs         RunRecordStore: one record per pipeline run
 *   jobs         JobStore: the content API's async generate jobs
 *   aiBudget     the daily Workers AI budget; null offline
 *   artifacts    RawArtifacts in R2 (raw payloads, audio, transcripts; content-addressed)
 *   queue        WorkQueue: the pipeline queue in the Worker, an in-process queue in the CLI
 *   clips        ClipSource: Twitch Helix, or the bundled sample world
 *   audio        AudioSource: Get Clips Download, an audio service, or none (offline)
 *   transcriber  Transcriber: Workers AI (binding or REST) or Whisper-shaped files
 *   activity     ActivitySource: GitHub, or the bundled sample activity
 *   log          static messages with a metadata object
 *
 * Stores come only through deps (SQL lives only in `store/`), so no job opens D1 itself.
 */

import type { QueueMessage } from '../../core/schemas/queue-message.ts';
import type { TranscriptSource } from '../../core/schemas/transcript.ts';
import type { Clock } from '../../core/time/clock.ts';
import type { ParsedClip, RejectedClip } from '../../core/twitch/helix-clip.ts';
import type { StreamVideo } from '../../core/twitch/helix-video.ts';
import type { JobStore } from '../../store/api/jobs.ts';
import type { RawArtifacts } from '../../store/artifacts/raw-artifacts.ts';
import type { D1AiBudget } from '../../store/budgets/ai-budget.ts';
import type { ContentItemStore } from '../../store/content-items/store.ts';
import type { GitHubActivityStore } from '../../store/github/activity-store.ts';
import type { ClipDetailsStore } from '../../store/pipeline/clip-details.ts';
import type { PublicationStore } from '../../store/publishing/publications.ts';
import type { RunRecordStore } from '../../store/runs/run-records.ts';
import type { ModelAccess } from './generate/model-call.ts';
import type { Notifier } from './notify/ports.ts';
import type { Publisher } from './publish/ports.ts';

export type { Clock, StreamVideo };

export interface TimeWindow {
  /** Inclusive start, UTC milliseconds. */
  startMs: number;
  /** Exclusive end, UTC milliseconds. */
  endMs: number;
}

export interface ClipFetch {
  /** Unique clips made inside the window, each with its Helix facts. */
  clips: ParsedClip[];
  /** Entries that were unreadable; they never sink the batch. */
  rejected: RejectedClip[];
  /** Entries returned by the API, repeats included. */
  fetched: number;
  /** Entries dropped because an earlier page already had the clip. */
  duplicates: number;
  /** R2 keys of the raw pages as the API sent them. */
  raw_r2_keys: string[];
}

export interface ClipSource {
  /** Clips of the configured broadcaster made in `[startMs, endMs)`. */
  clipsInWindow(window: TimeWindow): Promise<ClipFetch>;
  /** VODs by id; ids Twitch no longer knows are simply missing from the answer. */
  videos(videoIds: readonly string[]): Promise<{ videos: StreamVideo[]; raw_r2_key: string | null }>;
  /** The broadcaster's most recent archived VOD (the stream that just ended), if any. */
  latestVideo(): Promise<StreamVideo | null>;
}

export interface ClipAudio {
  /** What `audio_file_url` records: an R2 key (`audio/<sha256>`) or a reference such as `offline:<clip_id>`. */
  ref: string;
  /** The media bytes; absent when the transcriber does not need them (offline files). */
  bytes?: Uint8Array;
  sha256?: string;
}

export interface AudioSource {
  /**
   * The clip's media. Throws a retryable `audio_unavailable` while Twitch has no download yet
   * (a clip made minutes ago), so the item fails with that code and a later retry picks it up.
   */
  audioFor(clipId: string): Promise<ClipAudio>;
}

export interface TranscriptionRequest {
  clip_id: string;
  audio: ClipAudio;
}

export interface RawTranscription {
  /** The model's raw output, Whisper-shaped; stored in R2 as is. */
  output: unknown;
  model: string;
  source: TranscriptSource;
  vad_filter?: boolean;
}

export interface Transcriber {
  transcribe(request: TranscriptionRequest): Promise<RawTranscription>;
}

/** Pages of `GET /users/{user}/events` as GitHub sent them, newest first; parsing is the core's job. */
export interface EventPages {
  pages: { url: string; body: unknown }[];
  /** True when paging stopped at a limit before reaching back to the window start. */
  truncated: boolean;
}

/** The streamer's GitHub activity: the real REST API, or the bundled sample world. */
export interface ActivitySource {
  readonly kind: 'github' | 'sample';
  /** Event pages, newest first, until a page reaches back before `sinceMs` (or GitHub has no more). */
  listEvents(username: string, sinceMs: number): Promise<EventPages>;
  /** `GET /repos/{o}/{r}/compare/{base}...{head}`; null on 404 (a new branch, a force-push). */
  compare(repository: string, base: string, head: string): Promise<unknown | null>;
  /** `GET /repos/{o}/{r}/pulls/{n}`; null on 404. */
  pullRequest(repository: string, number: number): Promise<unknown | null>;
}

/** Where jobs put follow-up work. */
export interface WorkQueue {
  send(message: QueueMessage): Promise<void>;
}

export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * A child logger whose every line carries `run_id` (the caller's meta wins on a clash). `runId` may
 * be a function, read at each line, for a logger built before the run starts (the CLI's adapters).
 */
export function withRun(log: Logger, runId: string | null | (() => string | null)): Logger {
  const meta = (extra: Record<string, unknown> = {}) => {
    const id = typeof runId === 'function' ? runId() : runId;
    return id === null ? extra : { run_id: id, ...extra };
  };
  return {
    info: (message, extra) => log.info(message, meta(extra)),
    warn: (message, extra) => log.warn(message, meta(extra)),
    error: (message, extra) => log.error(message, meta(extra)),
  };
}

/** A new run id: `run_` and a random UUID. */
export function newRunId(): string {
  return `run_${crypto.randomUUID()}`;
}

export interface PipelineConfig {
  /** IANA zone that defines a day (`STREAM_TIMEZONE`). */
  timeZone: string;
  /** Whose GitHub activity is matched (`GITHUB_USERNAME`); null offline. */
  githubUsername: string | null;
  /** Where clips come from, for the run summary. */
  clipSourceKind: 'twitch' | 'sample';
  transcriberKind: 'workers-ai-binding' | 'workers-ai-rest' | 'offline-file';
}

/** Publishing: from ready items to a judged post in a pull request, and the owner told. */
export interface PublishingDeps {
  publisher: Publisher;
  notifier: Notifier;
  publications: PublicationStore;
  /** Workers AI for prose and judging, with its budget; null: the offline provider. */
  model: ModelAccess | null;
  /** The blog's origin. */
  siteUrl: string;
  /** `owner/name` of the content repository (CONTENT_REPO); null when publishing locally or not at all. */
  contentRepo: string | null;
}

export interface PipelineDeps {
  config: PipelineConfig;
  clock: Clock;
  items: ContentItemStore;
  clipDetails: ClipDetailsStore;
  githubActivity: GitHubActivityStore;
  runs: RunRecordStore;
  jobs: JobStore;
  /** AI_DAILY_BUDGET in D1 with Workers AI, for reservations and the run record's budget line; null offline. */
  aiBudget: D1AiBudget | null;
  artifacts: RawArtifacts;
  queue: WorkQueue;
  clips: ClipSource;
  audio: AudioSource;
  transcriber: Transcriber;
  log: Logger;
  activity: ActivitySource;
  publishing: PublishingDeps;
}
