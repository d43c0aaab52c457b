import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { type SiteItem, SiteItemSchema } from './site-item.ts';

/**
 * Reads and validates the item files of `content/items/` (site/lib/items-loader.ts runs this on a
 * worker thread during builds, beside the posts rendering on Node's main thread).
 */

/** Where item files live, from the project root; errors name files by it. */
export const ITEMS_FOLDER = 'content/items';

/** What the thread is started with. */
export interface ItemsJob {
  kind: 'streamlog:items';
  /** The folder of item files, absolute. */
  dir: string;
}

export interface LoadedItem {
  /** The content_item_id, which is also the file name without `.json`. */
  id: string;
  file: string;
  data: SiteItem;
  /** Changes whenever the file's text does. */
  digest: string;
}

/** The valid items, and one line per problem (file, field, what is wrong); either may be empty. */
export interface ItemsResult {
  items: LoadedItem[];
  errors: string[];
}

/**
 * Why the item in `file` (e.g. `<id>.json`) cannot be stored under its file name, if it cannot:
 * an item's id is its file name, verbatim (it keeps case, `-` and `_`), and must be its
 * `content_item_id`. Shared with the glob loader `astro dev` uses (site/lib/items-loader.ts).
 */
export function itemIdProblem(file: string, contentItemId: unknown): string | undefined {
  const id = file.replace(/\.json$/, '');
  if (contentItemId === id) return undefined;
  return `${ITEMS_FOLDER}/${file}: content_item_id must equal the file name "${id}", got ${JSON.stringify(contentItemId)}`;
}

/**
 * Every `*.json` file in `dir` (the project's `content/items/`), parsed and checked against the
 * whole ContentItem schema, then kept as what pages show (`SiteItemSchema`).
 */
export function loadItems(dir: string): ItemsResult {
  // Synchronous reads: on its own thread nothing waits for this one, and it skips a hop through
  // the thread pool per file.
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const items: LoadedItem[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const where = `${ITEMS_FOLDER}/${file}`;
    const text = readFileSync(join(dir, file), 'utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      errors.push(`${where}: not JSON (${(error as Error).message})`);
      continue;
    }
    const parsed = SiteItemSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push(`${where}: ${issue.path.join('.') || '(the item)'}: ${issue.message}`);
      }
      continue;
    }
    const idProblem = itemIdProblem(file, parsed.data.content_item_id);
    if (idProblem) {
      errors.push(idProblem);
      continue;
    }
    items.push({
      id: parsed.data.content_item_id,
      file,
      data: parsed.data,
      digest: createHash('sha1').update(text).digest('hex'),
    });
  }
  return { items, errors };
}

const job = workerData as ItemsJob | undefined;
if (parentPort && job?.kind === 'streamlog:items') {
  const port = parentPort;
  let result: ItemsResult;
  try {
    result = loadItems(job.dir);
  } catch (error) {
    result = { items: [], errors: [`${ITEMS_FOLDER}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  port.postMessage(result);
}
