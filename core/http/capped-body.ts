/**
 * The parts of a fetch `Request` this reader touches. Declared here because the core has no DOM or
 * Workers types; a real `Request` fits them as is.
 */
export interface ReadableRequest {
  headers: { get(name: string): string | null };
  body: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array }>;
      cancel(): Promise<void>;
    };
  } | null;
}

export type CappedBody =
  | { ok: true; bytes: Uint8Array<ArrayBuffer> }
  | { ok: false; reason: 'too_large' | 'unreadable' };

/**
 * Reads a request body, but never more than `maxBytes`, for both Workers (the content API and the
 * webhook receivers): a declared `Content-Length` above the cap is refused before a byte is read, a
 * malformed one is `unreadable`, and a body without one (chunked) is refused as soon as the bytes
 * read pass the cap, so no sender can make a Worker buffer more than the cap.
 */
export async function readCappedBody(request: ReadableRequest, maxBytes: number): Promise<CappedBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) return { ok: false, reason: 'unreadable' };
    if (Number(declared) > maxBytes) return { ok: false, reason: 'too_large' };
  }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || value === undefined) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}
