import { parseInput } from '../../../../core/api/validation.ts';
import { ContentGenerationRequest } from '../../../../core/schemas/content-generation.ts';
import type { QueueMessage } from '../../../../core/schemas/queue-message.ts';
import { answerFromIndex } from '../../../../store/api/content-answer.ts';
import { JobStore } from '../../../../store/api/jobs.ts';
import type { ApiDeps } from '../deps.ts';
import { headerIdempotencyKey, idempotent, requestHash } from '../idempotency.ts';
import { json, problem, problemResponse, serverTiming } from '../responses.ts';

/**
 * `POST /api/content/generate`: validates the plan's request, then answers from the D1 index
 * (`sync`) or records and queues a job (`async`), under idempotency when a key is given.
 */
export async function generate(request: Request, body: Uint8Array, keyId: string, deps: ApiDeps): Promise<Response> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return problem('unsupported_media_type', 'send the request as Content-Type: application/json', 'Content-Type');
  }
  let input: unknown;
  try {
    input = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    return problem('invalid_json', 'the body is not valid UTF-8 JSON');
  }
  const parsed = parseInput(ContentGenerationRequest, input);
  if (!parsed.ok) return problemResponse(parsed.problem);
  const generateRequest = parsed.value;

  const fromHeader = headerIdempotencyKey(request.headers.get('idempotency-key'));
  if (fromHeader === false) {
    return problem('validation_failed', 'Idempotency-Key is 1–255 printable ASCII characters', 'Idempotency-Key');
  }
  const fromBody = generateRequest.idempotency_key ?? null;
  if (fromHeader !== null && fromBody !== null && fromHeader !== fromBody) {
    return problem(
      'idempotency_key_conflict',
      'Idempotency-Key and idempotency_key differ; send one',
      'idempotency_key',
    );
  }
  const idempotencyKey = fromHeader ?? fromBody;
  const run = () =>
    generateRequest.mode === 'async' ? enqueue(generateRequest, keyId, deps) : answer(generateRequest, deps);
  if (idempotencyKey === null) return run();

  const { idempotency_key: _key, ...identity } = generateRequest;
  const hash = await requestHash('POST', '/api/content/generate', identity);
  return idempotent(deps, { keyId, idempotencyKey, requestHash: hash }, run);
}

async function answer(request: ContentGenerationRequest, deps: ApiDeps): Promise<Response> {
  const started = performance.now();
  return json(await answerFromIndex(deps.db, request, deps.timeZone), 200, serverTiming(started));
}

async function enqueue(request: ContentGenerationRequest, keyId: string, deps: ApiDeps): Promise<Response> {
  const jobs = new JobStore(deps.db);
  const now = deps.now();
  const jobId = `job_${deps.randomId().replaceAll('-', '').toLowerCase()}`;
  const job = await jobs.create({ jobId, keyId, request, nowMs: now });
  const message = {
    type: 'generate_content',
    job_id: jobId,
    enqueued_at: new Date(now).toISOString(),
  } satisfies QueueMessage;
  try {
    await deps.queue.send(message, { contentType: 'json' });
  } catch (error) {
    console.error('generate job not queued', { jobId, error: String(error) });
    await jobs.fail(jobId, { code: 'queue_unavailable', message: 'the job could not be queued' }, deps.now());
    return problem('storage_failed', 'the job could not be queued; retry later');
  }
  return json(job, 202, { location: `/api/content/jobs/${jobId}` });
}
