import { resolveDateRange } from '../../../core/content-item/query.ts';
import { errorCodeOf, isRetryable, isStreamlogError, StreamlogError } from '../../../core/errors.ts';
import { ContentGenerationRequest, type ContentGenerationResponse } from '../../../core/schemas/content-generation.ts';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { localDateOf } from '../../../core/time/local-day.ts';
import { answerFromIndex } from '../../../store/api/content-answer.ts';
import type { PipelineDeps } from '../ports.ts';
import { type PublishDeps, publishPost } from './publish-post.ts';

type GenerateContentMessage = Extract<QueueMessage, { type: 'generate_content' }>;

export type GenerateContentDeps = PublishDeps & Pick<PipelineDeps, 'jobs'>;

/**
 * Runs an async `POST /api/content/generate` job: the same answer the sync mode gives (from the D1
 * index), then the post of the requested type for the requested range: written, judged, its pull
 * request opened or updated, the owner notified. The job's result names the post and the PR.
 * Idempotent: a finished job is left alone, and the publish step itself writes nothing for inputs
 * it has already published. A failure that retrying cannot fix fails the job with its code;
 * anything else is noted on the job and rethrown for the dispatcher to retry.
 */
export async function generateContent(deps: GenerateContentDeps, message: GenerateContentMessage): Promise<void> {
  const now = () => deps.clock.now().getTime();
  const jobs = deps.jobs;
  const job = await jobs.get(message.job_id);
  if (!job) throw new StreamlogError('not_found', `no job ${message.job_id}`, { job_id: message.job_id });
  if (!(await jobs.start(job.job_id, now()))) {
    deps.log.info('generate job already finished', { jobId: job.job_id, status: job.job_status });
    return;
  }
  const request = ContentGenerationRequest.safeParse(job.request);
  if (!request.success) {
    await jobs.fail(job.job_id, { code: 'validation_failed', message: 'the stored request is not valid' }, now());
    return;
  }
  try {
    const timeZone = deps.config.timeZone;
    const answer = await answerFromIndex(deps.items, request.data, timeZone);
    const published = await publishForRequest(deps, request.data);
    const result: ContentGenerationResponse = {
      ...answer,
      job_id: job.job_id,
      job_status: 'completed',
      ...published,
    };
    await jobs.complete(job.job_id, result, now());
  } catch (error) {
    const retryable = isRetryable(error);
    const noted = {
      code: errorCodeOf(error, 'generation_failed'),
      message: isStreamlogError(error) && !retryable ? error.message : 'generating the post failed',
    };
    if (!retryable) {
      await jobs.fail(job.job_id, noted, now());
      return;
    }
    await jobs.noteError(job.job_id, noted, now()).catch(() => undefined);
    throw error;
  }
}

/** The post for the request's range and type: the range's local days, the repository as the topic. */
async function publishForRequest(
  deps: GenerateContentDeps,
  request: ContentGenerationRequest,
): Promise<Pick<ContentGenerationResponse, 'post' | 'pull_request'>> {
  const range = resolveDateRange(request.date_range, deps.config.timeZone);
  const period = {
    start: localDateOf(new Date(range.startMs), deps.config.timeZone),
    end: localDateOf(new Date(range.endMs - 1), deps.config.timeZone),
  };
  const topic = request.repository ?? request.filters.content_tags?.[0];
  if (request.content_type === 'topic_focus' && topic === undefined) {
    throw new StreamlogError(
      'validation_failed',
      'a topic_focus post needs `repository` or one `filters.content_tags` entry',
      {
        field: 'repository',
      },
    );
  }
  const summary = await publishPost(deps, {
    content_type: request.content_type,
    period,
    force: false,
    ...(request.content_type === 'topic_focus' && topic !== undefined ? { topic } : {}),
  });
  const verdict = summary.post?.verdict;
  const provider = summary.post?.ai_provider;
  return {
    post: {
      status: summary.status,
      path: summary.post?.path ?? null,
      title: summary.post?.title ?? null,
      verdict: verdict === 'pass' || verdict === 'polish' || verdict === 'fail' ? verdict : null,
      ai_provider: provider === 'workers-ai' || provider === 'offline' ? provider : null,
    },
    pull_request: summary.pull_request
      ? {
          outcome: summary.pull_request.outcome,
          number: summary.pull_request.number,
          url: summary.pull_request.url,
          branch: summary.pull_request.branch,
          draft: summary.pull_request.draft,
        }
      : null,
  };
}
