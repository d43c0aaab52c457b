/**
 * `npm run pipeline -- <command>`: runs the pipeline's jobs for one local day from Node, against the
 * same local D1/R2 state as `npm start`, or against real services when configured (DESIGN §7).
 * Progress goes to stderr; `--json` prints the summary on stdout. Bad options or configuration
 * print one line and exit 2; a failed run exits 1.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isStreamlogError } from '../../core/errors.ts';
import { readDevVars } from '../../scripts/lib/dev-vars.ts';
import { RunRecordStore } from '../../store/runs/run-records.ts';
import { parsePipelineSettings } from '../src/config.ts';
import { parseArgs, USAGE } from './args.ts';
import { doctorText, runDoctor } from './doctor.ts';
import { githubAppRepoCheck } from './doctor-github-app.ts';
import { openLocalPlatform } from './local-platform.ts';
import { stderrLogger } from './node-deps.ts';
import { type LocalPipeline, openLocalPipeline } from './run-days.ts';
import { runsListText, runText } from './runs-text.ts';
import { humanSummary } from './summary-text.ts';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) return usageError(parsed.error);
  const args = parsed.args;
  // Environment variables win over .dev.vars.
  const vars = { ...readDevVars(join(root, '.dev.vars')), ...process.env };
  if (args.command === 'doctor') {
    const report = await runDoctor(vars, {
      reach: args.reach,
      fetch: (input, init) => fetch(input, init),
      transcriptsDirExists: (dir) => existsSync(dir),
      githubAppRepo: githubAppRepoCheck((input, init) => fetch(input, init)),
    });
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : doctorText(report));
    return report.exit_code;
  }
  if (args.command === 'runs') return await showRuns(args);
  if (args.command === 'help' || args.date === null) {
    console.log(USAGE);
    return 0;
  }

  let settings: ReturnType<typeof parsePipelineSettings>;
  try {
    settings = parsePipelineSettings(vars);
  } catch (error) {
    return usageError(isStreamlogError(error) ? error.message : String(error));
  }

  const { env, stateDir } = localEnvironment();

  let pipeline: LocalPipeline | null = null;
  try {
    stderrLogger.info('opening local D1 and R2', { state: stateDir });
    pipeline = await openLocalPipeline({
      root,
      stateDir,
      settings,
      env,
      localPublishing: args.command === 'run' && !args.dryRun,
    });
    const summary = await pipeline.run({ ...args, date: args.date });
    if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(humanSummary(summary));
    return 0;
  } catch (error) {
    const message = isStreamlogError(error)
      ? `${error.code}: ${error.message}`
      : String(error instanceof Error ? error.message : error);
    console.error(`streamlog: ${args.command} --date ${args.date} failed: ${message.split('\n')[0]}`);
    if (isStreamlogError(error, 'configuration_error')) return 2;
    return 1;
  } finally {
    await pipeline?.dispose();
  }
}

/**
 * The environment wrangler runs in for the CLI (no metrics, no `Request.cf` download, quiet logs),
 * set on this process too since getPlatformProxy reads it, and where the local state lives.
 */
function localEnvironment(): { env: NodeJS.ProcessEnv; stateDir: string } {
  const quiet = {
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'error',
  };
  Object.assign(process.env, quiet);
  return {
    env: { ...process.env, ...quiet },
    stateDir: process.env.STREAMLOG_STATE_DIR ?? join(root, '.wrangler/state'),
  };
}

/** `runs [--limit N] [--json]` and `runs --id run_…`: the run records in the local D1. */
async function showRuns(args: { id: string | null; limit: number; json: boolean }): Promise<number> {
  const { env, stateDir } = localEnvironment();
  const platform = await openLocalPlatform(root, stateDir, env);
  try {
    const store = new RunRecordStore(platform.bindings.DB);
    if (args.id !== null) {
      const run = await store.get(args.id);
      if (!run) {
        console.error(`streamlog: no run ${args.id} in ${stateDir} (see: npm run pipeline -- runs)`);
        return 1;
      }
      process.stdout.write(args.json ? `${JSON.stringify(run, null, 2)}\n` : runText(run));
      return 0;
    }
    const runs = await store.list(args.limit);
    process.stdout.write(args.json ? `${JSON.stringify(runs, null, 2)}\n` : runsListText(runs));
    return 0;
  } finally {
    await platform.dispose();
  }
}

function usageError(message: string): number {
  console.error(`streamlog: ${message}`);
  return 2;
}

process.exitCode = await main();
