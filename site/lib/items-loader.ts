import { glob, type Loader } from 'astro/loaders';

/**
 * The items collection: `content/items/<content_item_id>.json`, checked against the collection's
 * schema (the whole ContentItem, stored as what pages show: site/lib/site-item.ts). The id is the
 * file name, verbatim (it keeps case, `-` and `_`), and must be the item's `content_item_id`.
 * `contentDir` is the folder holding `items/`.
 */
export function itemsLoader(contentDir = './content'): Loader {
  return glob({
    base: `${contentDir}/items`,
    pattern: '*.json',
    generateId: ({ entry, data }) => {
      const id = entry.replace(/\.json$/, '');
      if (data.content_item_id !== id)
        throw new Error(
          `content/items/${entry}: content_item_id must equal the file name "${id}", got ${JSON.stringify(data.content_item_id)}`,
        );
      return id;
    },
  });
}
