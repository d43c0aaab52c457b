import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { close, createIndex, type PagefindIndex } from 'pagefind';

/**
 * The search indexer's thread, started by `startSearchIndexer` (site/integrations/search-indexer.ts):
 * it owns a Pagefind index, adds the documents it is sent, and writes the index when asked.
 *
 * The thread, and the Pagefind process it starts (which inherits its priority), run at the lowest
 * priority, so they use the CPU time the build leaves idle rather than taking it from Node's main
 * thread. On Linux a priority is a thread's own; elsewhere it would be the whole process's, so it
 * is left alone there.
 */

/** To the thread: index this document, or write everything indexed so far to `outputPath`. */
export type IndexerRequest = { kind: 'add'; url: string; html: string } | { kind: 'write'; outputPath: string };

/** From the thread, once, after a `write`: what went wrong, if anything. Then it exits. */
export interface IndexerResult {
  kind: 'written';
  errors: string[];
}

/** Marks the thread, so that loading this module anywhere else does nothing. */
export const SEARCH_INDEXER_THREAD = 'streamlog:search-indexer';

const LOWEST_PRIORITY = 19;

const port = parentPort;
if (port && workerData === SEARCH_INDEXER_THREAD) {
  if (process.platform === 'linux') setPriority(LOWEST_PRIORITY);
  const index = newIndex();
  // A failure to start is reported by the calls that need the index, at `write`.
  index.catch(() => {});
  // Documents are added as they arrive; Pagefind's process works through them in order.
  const added: Promise<string[]>[] = [];
  port.on('message', (request: IndexerRequest) => {
    if (request.kind === 'add') {
      added.push(failuresOf(index.then((ready) => ready.addHTMLFile({ url: request.url, content: request.html }))));
      return;
    }
    // Nothing more will come. Should Pagefind's process die, its pending calls never settle
    // (its Node API does not watch for that); then nothing keeps this thread alive, it exits
    // without an answer, and the build reports that instead of waiting forever.
    port.unref();
    void write(request.outputPath).then((errors) => {
      const result: IndexerResult = { kind: 'written', errors };
      port.postMessage(result);
      port.close();
    });
  });

  async function write(outputPath: string): Promise<string[]> {
    try {
      const errors = (await Promise.all(added)).flat();
      if (errors.length > 0) return errors;
      return await failuresOf(index.then((ready) => ready.writeFiles({ outputPath })));
    } finally {
      // Pagefind's process and the index it holds (about 100 KB a post while writing) go now.
      await close();
    }
  }
}

async function newIndex(): Promise<PagefindIndex> {
  const created = await createIndex({});
  if (!created.index) throw new Error(created.errors.join('; '));
  return created.index;
}

/** A Pagefind call's errors, including its failing outright (which is then not left unhandled). */
async function failuresOf(call: Promise<{ errors: string[] }>): Promise<string[]> {
  try {
    return (await call).errors;
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
