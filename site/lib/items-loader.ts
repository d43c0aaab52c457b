import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { glob, type Loader } from 'astro/loaders';
import { ITEMS_FOLDER, type ItemsJob, type ItemsResult, itemIdProblem } from './items-thread.ts';

/**
 * The items collection: `content/items/<content_item_id>.json`, each checked against the whole
 * ContentItem schema and stored as what pages show (site/lib/site-item.ts). The id is the file
 * name, verbatim (it keeps case, `-` and `_`), and must be the item's `content_item_id`.
 *
 * In builds the files are read and checked on a worker thread (site/lib/items-thread.ts) while
 * the posts render on Node's main thread: validating 2,000 items was about 0.2 s of the main
 * thread at 1,000 posts (docs/blog.md, "Build speed"). Any invalid file fails the build, with
 * one line per problem. `astro dev`, which watches the files, uses Astro's glob loader with the
 * same checks (the collection's schema). `contentDir` is the folder holding `items/` (relative to
 * the project or absolute); errors still name files as `content/items/…`.
 */
export function itemsLoader(contentDir = './content'): Loader {
  const itemsDir = `${contentDir}/items`;
  const watching = glob({
    base: itemsDir,
    pattern: '*.json',
    generateId: ({ entry, data }) => {
      const problem = itemIdProblem(entry, data.content_item_id);
      if (problem) throw new Error(problem);
      return entry.replace(/\.json$/, '');
    },
  });
  return {
    name: 'streamlog-items',
    load: async (context) => {
      if (context.watcher) return watching.load(context);
      const { items, errors } = await checkedOnThread(fileURLToPath(new URL(`${itemsDir}/`, context.config.root)));
      if (errors.length > 0) throw new Error(`${errors.length} problem(s) in ${ITEMS_FOLDER}:\n${errors.join('\n')}`);
      const loaded = new Set<string>();
      for (const item of items) {
        loaded.add(item.id);
        context.store.set({
          id: item.id,
          data: item.data,
          filePath: `${ITEMS_FOLDER}/${item.file}`,
          digest: item.digest,
        });
      }
      // Items deleted since the last build leave the store too.
      for (const id of context.store.keys()) if (!loaded.has(id)) context.store.delete(id);
    },
  };
}

function checkedOnThread(dir: string): Promise<ItemsResult> {
  const job: ItemsJob = { kind: 'streamlog:items', dir };
  const thread = new Worker(new URL('./items-thread.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    thread.once('message', (result: ItemsResult) => resolve(result));
    thread.once('error', reject);
    thread.once('exit', (code) =>
      reject(new Error(`${ITEMS_FOLDER}: the checking thread stopped (exit code ${code})`)),
    );
  });
}
