import { isStreamlogError, StreamlogError } from '../../../core/errors.ts';
import { ContentGenerationRequest } from '../../../core/schemas/content-generation.ts';
import type { QueueMessage } from '../../../core/schemas/queue-message.ts';
import { answerFromIndex } from '../../../store/api/content-answer.ts';
import { JobStore } from '../../../store/api/jobs.ts';

type GenerateContentMessage = Extract<QueueMessage, { type: 'generate_content' }>;

/**
 * Runs an async `POST /api/content/generate` job: computes the same response the sync mode gives,
 * from the D1 index, and stores it as the job's result. Idempotent: a finished job is left alone,
 * so a redelivered message changes nothing. A failure that retrying cannot fix fails the job with
 * its code; anything else is noted on the job and rethrown for the dispatcher to retry.
 */
export async function generateContent(
  message: GenerateContentMessage,
  env: Pick<Env, 'DB' | 'STREAM_TIMEZONE'>,
  now: () => number = Date.now,
): Promise<void> {
  const jobs = new JobStore(env.DB);
  const job = await jobs.get(message.job_id);
  if (!job) throw new StreamlogError('not_found', `no job ${message.job_id}`, { job_id: message.job_id });
  if (!(await jobs.start(job.job_id, now()))) {
    console.info('generate job already finished', { jobId: job.job_id, status: job.job_status });
    return;
  }
  const request = ContentGenerationRequest.safeParse(job.request);
  if (!request.success) {
    await jobs.fail(job.job_id, { code: 'validation_failed', message: 'the stored request is not valid' }, now());
    return;
  }
  try {
    const result = await answerFromIndex(env.DB, request.data, env.STREAM_TIMEZONE || 'UTC');
    await jobs.complete(job.job_id, { ...result, job_id: job.job_id, job_status: 'completed' }, now());
  } catch (error) {
    const code = isStreamlogError(error) ? error.code : 'generation_failed';
    const retryable = isStreamlogError(error) ? error.retryable : true;
    const noted = { code, message: 'generating the response failed' };
    if (!retryable) {
      await jobs.fail(job.job_id, noted, now());
      return;
    }
    await jobs.noteError(job.job_id, noted, now()).catch(() => undefined);
    throw error;
  }
}
