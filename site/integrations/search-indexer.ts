import { Worker } from 'node:worker_threads';
import type { SearchRecord } from '../lib/search-feed.ts';
import { type IndexerRequest, type IndexerResult, SEARCH_INDEXER_THREAD } from './search-indexer-thread.ts';

export interface SearchIndexer {
  /** Queues a document for the index. */
  add(record: SearchRecord): void;
  /** Writes the index to `outputPath` once every document added is indexed; resolves with the errors. */
  write(outputPath: string): Promise<string[]>;
  /** Stops the thread (and its Pagefind process) if it still runs. */
  stop(): Promise<void>;
}

/**
 * Starts a Pagefind index on its own low-priority thread (site/integrations/search-indexer-thread.ts).
 *
 * Pagefind's Node API talks to its indexer process in JSON, encoded as base64, over a pipe: about
 * 0.15 ms of encoding and writing for each post, which on Node's main thread came to about 0.2 s of
 * a 1,000-post build (docs/blog.md, "Build speed"). Here the main thread only hands each document
 * over.
 *
 * The thread does not keep Node running until `write` is waited for, so a build that fails first
 * still ends. `write` never hangs: if the thread ends without an answer, that is the error.
 */
export function startSearchIndexer(): SearchIndexer {
  const thread = new Worker(new URL('./search-indexer-thread.ts', import.meta.url), {
    workerData: SEARCH_INDEXER_THREAD,
  });
  thread.unref();
  const answer = new Promise<string[]>((resolve) => {
    thread.once('message', (result: IndexerResult) => resolve(result.errors));
    thread.once('error', (error) => resolve([`search indexer: ${error.message}`]));
    thread.once('exit', (code) => resolve([`search indexer: stopped (exit code ${code}) before writing the index`]));
  });
  let written: Promise<string[]> | undefined;
  return {
    add: (record) => thread.postMessage({ kind: 'add', url: record.url, html: record.html } satisfies IndexerRequest),
    write: (outputPath) => {
      if (!written) {
        thread.ref();
        thread.postMessage({ kind: 'write', outputPath } satisfies IndexerRequest);
        written = answer;
      }
      return written;
    },
    stop: async () => {
      await thread.terminate();
    },
  };
}
