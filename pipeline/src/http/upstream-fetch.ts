import { StreamlogError } from '../../../core/errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * One HTTP call to an outside service with a deadline. A network failure becomes a retryable
 * `upstream_unavailable`, a missed deadline a retryable `upstream_timeout`; HTTP statuses are the
 * caller's to interpret. Never logs or echoes headers (they carry credentials).
 */
export async function upstreamFetch(
  service: string,
  url: string,
  init: RequestInit,
  options: { fetch: FetchLike; timeoutMs: number },
): Promise<Response> {
  try {
    return await options.fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new StreamlogError('upstream_timeout', `${service} did not answer within ${options.timeoutMs} ms`, {
        service,
      });
    }
    throw new StreamlogError('upstream_unavailable', `${service} could not be reached`, {
      service,
      cause: String(error).slice(0, 200),
    });
  }
}

/** The response body as text, cut at `maxBytes` so a hostile or broken upstream cannot exhaust memory. */
export async function readCapped(response: Response, maxBytes: number, service: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new StreamlogError(
      'upstream_rejected',
      `${service} sent ${declared} bytes, more than the ${maxBytes} allowed`,
      {
        service,
      },
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) {
    throw new StreamlogError('upstream_rejected', `${service} sent more than the ${maxBytes} bytes allowed`, {
      service,
    });
  }
  return bytes;
}
