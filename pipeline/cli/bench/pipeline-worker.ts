/**
 * The bench's Worker: runs one synthetic day end to end inside workerd, on the local D1/R2 bindings
 * of pipeline/wrangler.toml, through the same jobs the queue consumer runs: ingest_day, every
 * process_item, then publish_post for the day (generate → judge → pull request → review message).
 * `GET /?scale=N` answers the time each stage took and what it produced.
 *
 * Publishing needs a GitHub and a Discord: bench/pipeline.ts starts the fake ones from test/servers
 * on loopback and passes them as vars (`CONTENT_REPO`, `GITHUB_TOKEN`, `GITHUB_API_BASE_URL`,
 * `DISCORD_WEBHOOK_URL`). Those two origins are the only network the Worker may reach; the day's
 * clips, transcripts and GitHub activity stay synthetic (pipeline-world.ts). Without the vars
 * (`?publish=0`, or none given) it stops after processing.
 */
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { systemClock } from '../../../store/system-clock.ts';
import { parsePipelineSettings } from '../../src/config.ts';
import { buildPipelineDeps } from '../../src/deps.ts';
import { ingestDay } from '../../src/jobs/ingest-day.ts';
import { processItem } from '../../src/jobs/process-item.ts';
import { type PublishSummary, publishPost } from '../../src/jobs/publish-post.ts';
import type { PipelineDeps } from '../../src/ports.ts';
import { DAY, syntheticActivity, syntheticClips, syntheticTranscript } from './pipeline-world.ts';

/** The vars bench/pipeline.ts passes for publishing; anything else in `env` is ignored. */
const PUBLISH_VARS = ['CONTENT_REPO', 'GITHUB_TOKEN', 'GITHUB_API_BASE_URL', 'DISCORD_WEBHOOK_URL'] as const;

export default {
  async fetch(request, env) {
    const query = new URL(request.url).searchParams;
    const scale = Number(query.get('scale') ?? '1');
    const vars = env as unknown as Record<string, unknown>;
    const given = Object.fromEntries(
      PUBLISH_VARS.flatMap((name) => (typeof vars[name] === 'string' && vars[name] !== '' ? [[name, vars[name]]] : [])),
    ) as Record<(typeof PUBLISH_VARS)[number], string>;
    const publish = query.get('publish') !== '0' && PUBLISH_VARS.every((name) => name in given);
    // Only the fake GitHub and Discord are reachable; the day itself makes no network calls.
    const allowed = new Set(
      publish ? [new URL(given.GITHUB_API_BASE_URL).origin, new URL(given.DISCORD_WEBHOOK_URL).origin] : [],
    );
    const pending: QueueMessage[] = [];
    const settings = parsePipelineSettings({
      STREAM_TIMEZONE: 'UTC',
      AI_PROVIDER: 'offline',
      GITHUB_USERNAME: 'codewithmara',
      ...(publish ? given : {}),
    });
    const deps: PipelineDeps = {
      ...buildPipelineDeps(settings, {
        db: env.DB,
        bucket: env.ARTIFACTS,
        queue: { send: async (message) => void pending.push(message) },
        fetch: (url, init) =>
          allowed.has(new URL(url).origin)
            ? fetch(url, init)
            : Promise.reject(new Error(`the offline bench makes no network calls (${new URL(url).origin})`)),
        clock: systemClock,
        log: { info: () => {}, warn: () => {}, error: () => {} },
        ai: null,
        transcriptFiles: async (clipId) => syntheticTranscript(clipId),
      }),
      // The synthetic day's sources, whatever the settings would wire (GITHUB_TOKEN is the content
      // repository's token here, not a reason to read real activity).
      clips: syntheticClips(50 * scale),
      activity: syntheticActivity(500 * scale),
    };
    const started = Date.now();
    const ingest = await ingestDay(deps, { date: DAY, force: false });
    const ingestMs = Date.now() - started;
    if (ingest.clips.new !== 50 * scale) {
      // Not a fresh state: wrangler's dev proxy replayed the request after the runtime reloaded
      // mid-run (a file it watches changed). The bench discards this run and starts again.
      return Response.json(
        { error: 'replayed', detail: `${ingest.clips.new} of ${50 * scale} clips were new` },
        { status: 409 },
      );
    }
    for (let message = pending.shift(); message; message = pending.shift()) {
      if (message.type === 'process_item') await processItem(deps, message.content_item_id);
    }
    const ms = Date.now() - started;
    let published: PublishSummary | null = null;
    if (publish) {
      published = await publishPost(deps, {
        content_type: 'daily_recap',
        period: { start: DAY, end: DAY },
        force: false,
      });
    }
    const totalMs = Date.now() - started;
    const items = await Promise.all((await deps.clipDetails.itemsOfDay(DAY)).map((id) => deps.items.get(id)));
    const categories: Record<string, number> = {};
    for (const item of items) {
      const category = item?.content_category ?? 'none';
      categories[category] = (categories[category] ?? 0) + 1;
    }
    return Response.json({
      ms,
      ingest_ms: ingestMs,
      publish_ms: publish ? totalMs - ms : null,
      total_ms: totalMs,
      github_changed: ingest.github?.changed ?? 0,
      ready: items.filter((item) => item?.processing_status === 'ready_for_content').length,
      categories,
      linked: items.filter((item) => (item?.github_context?.commits.length ?? 0) > 0).length,
      links: items.reduce((sum, item) => {
        const c = item?.github_context;
        return sum + (c ? c.commits.length + c.pull_requests.length + c.issues.length + c.releases.length : 0);
      }, 0),
      publish: published && {
        status: published.status,
        featured: published.featured,
        verdict: published.post?.verdict ?? null,
        post_path: published.post?.path ?? null,
        pull_request: published.pull_request,
        notification: published.notification,
      },
    });
  },
} satisfies ExportedHandler<Env>;
