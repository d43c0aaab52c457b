import { join } from 'node:path';
import type { PipelineSettings } from '../src/config.ts';
import { type Logger, newRunId, type PipelineDeps, withRun } from '../src/ports.ts';
import { type CliArgs, DEFAULT_OPTIONS } from './args.ts';
import { InlineQueue } from './inline-queue.ts';
import { LocalGitPublisher } from './local-git-publisher.ts';
import { type LocalBindings, openLocalPlatform } from './local-platform.ts';
import { nodeDeps, stderrLogger } from './node-deps.ts';
import { type RunSummary, runDay } from './run-day.ts';

/** Where a local pipeline session runs: the project, its state folder, and what it may write. */
export interface LocalPipelineOptions {
  /** The Streamlog project (its `pipeline/wrangler.toml`, `migrations/`, bundled sample). */
  root: string;
  /** Wrangler's local state (`.wrangler/state` or `STREAMLOG_STATE_DIR`); the content repository lives in it. */
  stateDir: string;
  settings: PipelineSettings;
  /** The environment for the wrangler process that applies the migrations. */
  env: NodeJS.ProcessEnv;
  /**
   * Open the local content repository (`<stateDir>/content-repo`) as the publisher when no content
   * repository is configured. False for dry runs and for `ingest`/`process`, which publish nothing.
   */
  localPublishing: boolean;
  /** Where the jobs' progress goes: stderr, one line each, unless given. */
  log?: Logger;
}

/** One platform proxy, one set of deps: run any number of days through them, then `dispose`. */
export interface LocalPipeline {
  deps: PipelineDeps;
  queue: InlineQueue;
  bindings: LocalBindings;
  /** The local content repository the posts go to, or null (GitHub configured, or nothing published). */
  contentRepoDir: string | null;
  run(args: CliArgs & { date: string }): Promise<RunSummary>;
  dispose(): Promise<void>;
}

/**
 * Opens local D1 and R2 (migrations applied), the local git publisher when posts go nowhere else,
 * and the pipeline's Node deps, once. Starting wrangler's proxy and applying the migrations is most
 * of a one-day CLI run, so `npm start` runs every sample day through one session.
 */
export async function openLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const platform = await openLocalPlatform(options.root, options.stateDir, options.env);
  try {
    const queue = new InlineQueue();
    // Without a content repository configured, posts go to a local git repository under the state
    // folder (docs/local-publishing.md), never this checkout.
    const localPublisher =
      options.settings.publishing === null && options.localPublishing
        ? await LocalGitPublisher.open(join(options.stateDir, 'content-repo'), {
            projectRoot: options.root,
            stateDir: options.stateDir,
          })
        : undefined;
    // Every line (the adapters' too) carries the current run's id.
    let currentRun: string | null = null;
    const deps = nodeDeps(
      options.settings,
      platform.bindings,
      queue,
      join(options.root, 'pipeline/sample/transcripts'),
      localPublisher,
      withRun(options.log ?? stderrLogger, () => currentRun),
    );
    return {
      deps,
      queue,
      bindings: platform.bindings,
      contentRepoDir: localPublisher?.dir ?? null,
      run: async (args) => {
        currentRun = newRunId();
        try {
          return await runDay(deps, queue, args, currentRun);
        } finally {
          currentRun = null;
        }
      },
      dispose: () => platform.dispose(),
    };
  } catch (error) {
    await platform.dispose();
    throw error;
  }
}

/** The arguments of `run --date D` with every other option at its default. */
export function runArgs(date: string, overrides: Partial<CliArgs> = {}): CliArgs & { date: string } {
  return { ...DEFAULT_OPTIONS, command: 'run', ...overrides, date };
}

/**
 * Runs `run` for each date in order, in one session. `onDay` hears about each finished day (for
 * progress lines). A day that throws stops the run, as the CLI's one-day run would.
 */
export async function runDays(
  pipeline: Pick<LocalPipeline, 'run'>,
  dates: readonly string[],
  onDay: (summary: RunSummary) => void = () => {},
): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  for (const date of dates) {
    const summary = await pipeline.run(runArgs(date));
    summaries.push(summary);
    onDay(summary);
  }
  return summaries;
}
