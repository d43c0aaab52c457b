import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { afterEach, describe, expect, it } from 'vitest';
import { itemsLoader } from '../../../site/lib/items-loader.ts';
import { loadItems } from '../../../site/lib/items-thread.ts';
import { SiteItemSchema } from '../../../site/lib/site-item.ts';

const SAMPLE = 'twitch-SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp';
const OTHER = 'twitch-TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k';
const sample = (id: string) => readFile(new URL(`../../../content/items/${id}.json`, import.meta.url), 'utf8');

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A project folder holding `content/items/` with `files`. */
async function project(files: Record<string, string>): Promise<{ root: string; items: string }> {
  const root = await mkdtemp(join(tmpdir(), 'streamlog-items-'));
  cleanup.push(root);
  const items = join(root, 'content', 'items');
  await mkdir(items, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(items, name), text);
  return { root, items };
}

describe('loadItems', () => {
  it('keeps what pages show of each valid item, with a digest that follows the file', async () => {
    const text = await sample(SAMPLE);
    const { items } = await project({ [`${SAMPLE}.json`]: text, 'notes.txt': 'not an item' });

    const result = loadItems(items);

    expect(result.errors).toEqual([]);
    expect(result.items.map((item) => item.id)).toEqual([SAMPLE]);
    expect(result.items[0]?.data).toEqual(SiteItemSchema.parse(JSON.parse(text)));
    const changed = await project({ [`${SAMPLE}.json`]: text.replace('"clip_view_count": ', '"clip_view_count":  ') });
    expect(loadItems(changed.items).items[0]?.digest).not.toBe(result.items[0]?.digest);
  });

  it('names the file and field of every problem, and keeps going', async () => {
    const item = JSON.parse(await sample(SAMPLE));
    const { items } = await project({
      [`${SAMPLE}.json`]: JSON.stringify({ ...item, clip_view_count: -1, clip_url: 'javascript:alert(1)' }),
      'broken.json': '{"content_item_id": ',
      'renamed.json': JSON.stringify(item),
      [`${OTHER}.json`]: await sample(OTHER),
    });

    const { items: loaded, errors } = loadItems(items);

    expect(loaded.map((entry) => entry.id)).toEqual([OTHER]);
    expect(errors).toEqual([
      expect.stringMatching(/^content\/items\/broken\.json: not JSON \(/),
      `content/items/renamed.json: content_item_id must equal the file name "renamed", got "${SAMPLE}"`,
      `content/items/${SAMPLE}.json: clip_url: Invalid URL`,
      expect.stringMatching(new RegExp(`^content/items/${SAMPLE}\\.json: clip_view_count: Too small`)),
    ]);
  });
});

describe('itemsLoader', () => {
  type Entry = Parameters<LoaderContext['store']['set']>[0];

  /** The loader's context in a build (no file watcher), over a real store-like map. */
  function buildContext(root: string, stored: Map<string, Entry>): LoaderContext {
    const store = {
      set: (entry: Entry) => !!stored.set(entry.id, entry),
      keys: () => [...stored.keys()],
      delete: (id: string) => void stored.delete(id),
    };
    return { store, config: { root: pathToFileURL(`${root}/`) } } as unknown as LoaderContext;
  }

  it('stores the items checked on its thread, and drops items whose files are gone', async () => {
    const { root } = await project({ [`${SAMPLE}.json`]: await sample(SAMPLE) });
    const stored = new Map<string, Entry>([['deleted-item', { id: 'deleted-item', data: {} }]]);

    await itemsLoader().load(buildContext(root, stored));

    expect([...stored.keys()]).toEqual([SAMPLE]);
    expect(stored.get(SAMPLE)).toMatchObject({ id: SAMPLE, filePath: `content/items/${SAMPLE}.json` });
    expect(stored.get(SAMPLE)?.data).toEqual(SiteItemSchema.parse(JSON.parse(await sample(SAMPLE))));
  });

  it('fails the load with every problem, one line each, storing nothing', async () => {
    const item = JSON.parse(await sample(SAMPLE));
    const { root } = await project({
      [`${SAMPLE}.json`]: JSON.stringify({ ...item, clip_view_count: -1 }),
      'broken.json': '{',
    });
    const stored = new Map<string, Entry>();

    await expect(itemsLoader().load(buildContext(root, stored))).rejects.toThrow(
      /^2 problem\(s\) in content\/items:\ncontent\/items\/broken\.json: not JSON .*\ncontent\/items\/twitch-.*: clip_view_count: Too small/,
    );
    expect(stored.size).toBe(0);
  });
});
