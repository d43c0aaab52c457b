import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { type SiteItem, SiteItemSchema } from './site-item.ts';

/**
 * Reads and validates the item files of `content/items/` (site/lib/items-loader.ts runs this on a
 * worker thread during builds, beside the posts rendering on Node's main thread).
 */

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
 * Every `*.json` file in `dir`, parsed and checked against the whole ContentItem schema, then kept
 * as what pages show (`SiteItemSchema`). Its file name must be its `content_item_id`.
 * `label` is how errors name the folder (e.g. `content/items`).
 */
export function loadItems(dir: string, label: string): ItemsResult {
  // Synchronous reads: on its own thread nothing waits for this one, and it skips a hop through
  // the thread pool per file.
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  const items: LoadedItem[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const where = `${label}/${file}`;
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
    const id = file.slice(0, -'.json'.length);
    if (parsed.data.content_item_id !== id) {
      errors.push(
        `${where}: content_item_id must equal the file name "${id}", got ${JSON.stringify(parsed.data.content_item_id)}`,
      );
      continue;
    }
    items.push({ id, file, data: parsed.data, digest: createHash('sha1').update(text).digest('hex') });
  }
  return { items, errors };
}

const job = workerData as ItemsJob | undefined;
if (parentPort && job?.kind === 'streamlog:items') {
  const port = parentPort;
  let result: ItemsResult;
  try {
    result = loadItems(job.dir, 'content/items');
  } catch (error) {
    result = { items: [], errors: [`content/items: ${error instanceof Error ? error.message : String(error)}`] };
  }
  port.postMessage(result);
}
