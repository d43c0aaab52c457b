/**
 * The bench's Worker: runs the offline pipeline for the synthetic day inside workerd, on the local
 * D1/R2 bindings of pipeline/wrangler.toml, through the same jobs the queue consumer runs.
 * `GET /?scale=N` answers the time the jobs took and what they produced.
 */
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { parsePipelineSettings } from '../../src/config.ts';
import { buildPipelineDeps, realClock } from '../../src/deps.ts';
import { ingestDay } from '../../src/jobs/ingest-day.ts';
import { processItem } from '../../src/jobs/process-item.ts';
import type { PipelineDeps } from '../../src/ports.ts';
import { DAY, syntheticActivity, syntheticClips, syntheticTranscript } from './pipeline-world.ts';

export default {
  async fetch(request, env) {
    const scale = Number(new URL(request.url).searchParams.get('scale') ?? '1');
    const pending: QueueMessage[] = [];
    const deps: PipelineDeps = {
      ...buildPipelineDeps(parsePipelineSettings({ STREAM_TIMEZONE: 'UTC', GITHUB_USERNAME: 'codewithmara' }), {
        db: env.DB,
        bucket: env.ARTIFACTS,
        queue: { send: async (message) => void pending.push(message) },
        fetch: () => Promise.reject(new Error('the offline bench makes no network calls')),
        clock: realClock,
        log: { info: () => {}, warn: () => {}, error: () => {} },
        ai: null,
        transcriptFiles: async (clipId) => syntheticTranscript(clipId),
      }),
      clips: syntheticClips(50 * scale),
      activity: syntheticActivity(500 * scale),
    };
    const started = Date.now();
    const ingest = await ingestDay(deps, { date: DAY, force: false });
    const ingestMs = Date.now() - started;
    for (let message = pending.shift(); message; message = pending.shift()) {
      if (message.type === 'process_item') await processItem(deps, message.content_item_id);
    }
    const ms = Date.now() - started;
    const items = await Promise.all((await deps.clipDetails.itemsOfDay(DAY)).map((id) => deps.items.get(id)));
    return Response.json({
      ms,
      ingest_ms: ingestMs,
      github_changed: ingest.github?.changed ?? 0,
      ready: items.filter((item) => item?.processing_status === 'ready_for_content').length,
      linked: items.filter((item) => (item?.github_context?.commits.length ?? 0) > 0).length,
      links: items.reduce((sum, item) => {
        const c = item?.github_context;
        return sum + (c ? c.commits.length + c.pull_requests.length + c.issues.length + c.releases.length : 0);
      }, 0),
    });
  },
} satisfies ExportedHandler<Env>;
