import { describe, expect, it } from 'vitest';
import { processItem } from '../../../pipeline/src/jobs/process-item.ts';
import type { PipelineDeps } from '../../../pipeline/src/ports.ts';
import { clipFacts } from '../helpers/clip-facts.ts';
import { testDeps } from '../helpers/deps.ts';
import { failure } from '../helpers/failure.ts';

/**
 * Queues deliver at least once, and a duplicate can run at the same time as its original
 * (docs/faults.md, found by the fault-injection suite's seed 139). When the original moves the item
 * first, the duplicate's write is refused; that is not a failure of the clip: the duplicate throws
 * a retryable `concurrent_update` (the queue retries it, and the retry finds the item done), and the
 * item keeps what the original did.
 */
const { deps } = testDeps({ STREAM_TIMEZONE: 'America/Mexico_City', GITHUB_USERNAME: 'codewithmara' });

/** A stored item for a sample clip (offline audio and transcript), pending. */
async function pendingItem(clip: string): Promise<string> {
  const { item } = await deps.items.upsertClip(clipFacts({ clip_id: clip }));
  return item.content_item_id;
}

describe('process_item delivered twice at once', () => {
  it('the delivery the original overtook mid-way throws a retryable concurrent_update; the item stays ready', async () => {
    const id = await pendingItem('CleverQuietOtterCoolCat-Hq3Lm9Tz0XwYb2Vc');
    // While this delivery waits on Whisper, the original delivery runs the item to the end.
    const overtaken: PipelineDeps = {
      ...deps,
      transcriber: {
        transcribe: async (request) => {
          await processItem(deps, id);
          return deps.transcriber.transcribe(request);
        },
      },
    };
    const error = await failure(processItem(overtaken, id));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'concurrent_update', retryable: true });
    const item = await deps.items.get(id);
    expect(item?.processing_status).toBe('ready_for_content');
    expect(item?.error).toBeUndefined();
    // The queue's retry of the duplicate finds the item done.
    expect((await processItem(deps, id)).processing_status).toBe('ready_for_content');
  });

  it('a duplicate that finds its failed item already retried by the original is retried, not given up on', async () => {
    const id = await pendingItem('ShyFancyKoalaSeemsGood-d2Fh8Kw5Ny1Tq6Lz');
    await deps.items.fail(id, { code: 'upstream_timeout', message: 'Workers AI did not answer within 600 ms' });
    // Between this delivery's read (failed) and its retry, the original retries the item first.
    const raced: PipelineDeps = {
      ...deps,
      items: new Proxy(deps.items, {
        get(store, name) {
          if (name === 'retry') {
            return async (contentItemId: string) => {
              await store.retry(contentItemId);
              return store.retry(contentItemId);
            };
          }
          const value = Reflect.get(store, name, store);
          return typeof value === 'function' ? value.bind(store) : value;
        },
      }),
    };
    const error = await failure(processItem(raced, id));
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'concurrent_update', retryable: true });
    expect((await deps.items.get(id))?.processing_status).not.toBe('failed');
    expect((await processItem(deps, id)).processing_status).toBe('ready_for_content');
  });
});
