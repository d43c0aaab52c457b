import { parseInput } from '../../../../core/api/validation.ts';
import { ContentGenerationRequest } from '../../../../core/schemas/content-generation.ts';
import type { QueueMessage } from '../../../../core/schemas/queue-message.ts';
import { answerFromIndex } from '../../../../store/api/content-answer.ts';
import {
  completeIdempotencyStatement,
  dropIdempotencyStatement,
  readIdempotencyRecord,
} from '../../../../store/api/idempotency-records.ts';
import { JobStore } from '../../../../store/api/jobs.ts';
import { ContentItemStore } from '../../../../store/content-items/store.ts';
import type { ApiDeps } from '../deps.ts';
import {
  type Handled,
  headerIdempotencyKey,
  idempotent,
  keptHeaders,
  type OwnedClaim,
  replay,
  requestHash,
} from '../idempotency.ts';
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
  if (idempotencyKey === null) {
    return generateRequest.mode === 'async'
      ? enqueue(generateRequest, keyId, deps, null).then(unwrap)
      : answer(generateRequest, deps);
  }

  const { idempotency_key: _key, ...identity } = generateRequest;
  const hash = await requestHash('POST', '/api/content/generate', identity);
  return idempotent(deps, { keyId, idempotencyKey, requestHash: hash }, (claim) =>
    generateRequest.mode === 'async' ? enqueue(generateRequest, keyId, deps, claim) : answer(generateRequest, deps),
  );
}

function unwrap(handled: Handled): Response {
  return handled instanceof Response ? handled : handled.response;
}

async function answer(request: ContentGenerationRequest, deps: ApiDeps): Promise<Response> {
  const started = performance.now();
  return json(
    await answerFromIndex(new ContentItemStore(deps.db, { timeZone: deps.timeZone }), request, deps.timeZone),
    200,
    serverTiming(started),
  );
}

/**
 * Records and queues an async job. Under an idempotency key the job row and the completed
 * idempotency record are written in one D1 batch, and the job only while this request still owns
 * its claim: a request that outlived its lease (another took the key over) or died after the batch
 * can never leave a second job behind; the loser answers with the winner's stored response.
 */
async function enqueue(
  request: ContentGenerationRequest,
  keyId: string,
  deps: ApiDeps,
  claim: OwnedClaim | null,
): Promise<Handled> {
  const jobs = new JobStore(deps.db);
  const now = deps.now();
  const jobId = `job_${deps.randomId().replaceAll('-', '').toLowerCase()}`;
  const { statement, job } = jobs.createStatement({ jobId, keyId, request, nowMs: now }, claim ?? undefined);
  const accepted = json(job, 202, { location: `/api/content/jobs/${jobId}` });
  if (claim === null) {
    await statement.run();
  } else {
    const body = await accepted.clone().text();
    const [inserted] = await deps.db.batch([
      statement,
      completeIdempotencyStatement(deps.db, claim, { status: 202, headers: keptHeaders(accepted), body }),
    ]);
    if (inserted?.meta.changes !== 1) {
      // Our claim was taken over while we ran: whoever holds it now answers.
      const record = await readIdempotencyRecord(deps.db, claim.keyId, claim.idempotencyKey, deps.now());
      const response =
        record.kind === 'replay'
          ? replay(record.response)
          : problem('idempotency_in_flight', 'a retry of this request is running; retry later', 'Idempotency-Key', {
              'retry-after': String(record.kind === 'in_flight' ? record.retryAfterSeconds : 1),
            });
      return { response, recorded: true };
    }
  }
  const message = {
    type: 'generate_content',
    job_id: jobId,
    enqueued_at: new Date(now).toISOString(),
  } satisfies QueueMessage;
  try {
    await deps.queue.send(message, { contentType: 'json' });
  } catch (error) {
    console.error('generate job not queued', { jobId, error: String(error) });
    // The job never ran: fail it and give the key back, so a retry with the same key runs afresh.
    await jobs.fail(jobId, { code: 'queue_unavailable', message: 'the job could not be queued' }, deps.now());
    if (claim !== null) await dropIdempotencyStatement(deps.db, claim).run();
    return { response: problem('storage_failed', 'the job could not be queued; retry later'), recorded: true };
  }
  return claim === null ? accepted : { response: accepted, recorded: true };
}
