import { ContentItem } from '../../core/schemas/content-item.ts';
import { indexColumns } from '../../store/content-items/index-columns.ts';

function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * SQL that loads published items into the local D1 index. Insert-only: an item the pipeline
 * already holds is never overwritten by the published copy.
 */
export function seedItemsSql(items: unknown[]): string {
  return seedItemsStatements(items).join('\n');
}

/** One insert-only statement per item (for `D1Database.batch`). */
export function seedItemsStatements(items: unknown[]): string[] {
  return items.map((raw) => {
    const item = ContentItem.parse(raw);
    const columns = indexColumns(item);
    const names = [...Object.keys(columns), 'item'];
    const values = [...Object.values(columns), JSON.stringify(item)].map((v) => literal(v as string | number | null));
    return `INSERT INTO content_items (${names.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT DO NOTHING;`;
  });
}
