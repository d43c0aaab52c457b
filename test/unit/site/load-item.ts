import { readFile } from 'node:fs/promises';

/** A published sample item from content/items, as JSON. */
export async function loadFixture(id: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(`../../../content/items/${id}.json`, import.meta.url), 'utf8'));
}
