import { readCappedBody } from '../../../core/http/capped-body.ts';
import { problem } from './problem.ts';

/** A webhook's body, read to at most `maxBytes`, or the problem to answer instead (413, or 400 when unreadable). */
export async function readWebhookBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; response: Response }> {
  const read = await readCappedBody(request, maxBytes);
  if (read.ok) return read;
  return {
    ok: false,
    response:
      read.reason === 'too_large'
        ? problem('payload_too_large', `the body may be at most ${maxBytes} bytes`)
        : problem('unreadable_body', 'the body could not be read'),
  };
}
