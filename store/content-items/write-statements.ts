import type { ContentItem } from '../../core/schemas/content-item.ts';
import { indexColumns } from './index-columns.ts';

type IndexColumn = keyof ReturnType<typeof indexColumns>;

/** Index columns a write may change; identity (id, clip, platform) and `stored_ms` never change. */
const MUTABLE_COLUMNS = [
  'broadcaster_name',
  'creator_name',
  'clip_created_ms',
  'clip_duration',
  'clip_view_count',
  'processing_status',
  'content_score',
  'content_category',
  'has_transcript',
  'has_github_context',
  'updated_ms',
] as const satisfies readonly IndexColumn[];

/** Clip facts that ingestion refreshes; everything else in the item is the pipeline's. */
const CLIP_FACT_FIELDS = [
  'clip_title',
  'clip_url',
  'clip_embed_url',
  'clip_thumbnail_url',
  'clip_duration',
  'clip_view_count',
  'clip_created_at',
  'broadcaster_name',
  'creator_name',
] as const satisfies readonly (keyof ContentItem)[];

/**
 * One statement that replaces an item and its index columns only if the row is still at
 * `expectedVersion`: of two racing writers exactly one changes a row. Tag and repository rows
 * follow through the triggers of migrations/0001.
 */
export function guardedUpdate(db: D1Database, item: ContentItem, expectedVersion: number): D1PreparedStatement {
  const c = indexColumns(item);
  const assignments = MUTABLE_COLUMNS.map((column, i) => `${column} = ?${i + 3}`).join(', ');
  const itemParam = MUTABLE_COLUMNS.length + 3;
  return db
    .prepare(
      `UPDATE content_items SET ${assignments}, item = ?${itemParam}, version = ?2 + 1
       WHERE content_item_id = ?1 AND version = ?2`,
    )
    .bind(c.content_item_id, expectedVersion, ...MUTABLE_COLUMNS.map((column) => c[column]), JSON.stringify(item));
}

/**
 * Inserts a new item, or refreshes the clip facts of the existing one for the same clip while
 * keeping everything the pipeline stored. A no-op when nothing changed, so re-ingesting a clip
 * does not touch `updated_at`. Returns the stored row either way through `RETURNING`.
 */
export function upsertClipStatement(db: D1Database, fresh: ContentItem): D1PreparedStatement {
  const c = indexColumns(fresh);
  const columns = Object.keys(c) as IndexColumn[];
  const facts = Object.fromEntries(CLIP_FACT_FIELDS.map((field) => [field, fresh[field]]));
  // Parameters: the index columns in order, then the item, the facts and the refresh time.
  const itemParam = columns.length + 1;
  const factsParam = columns.length + 2;
  const nowParam = columns.length + 3;
  const changed = CLIP_FACT_FIELDS.map(
    (field) => `content_items.item ->> '$.${field}' IS NOT (?${factsParam} ->> '$.${field}')`,
  ).join(' OR ');
  const refreshed = [
    'broadcaster_name',
    'creator_name',
    'clip_created_ms',
    'clip_duration',
    'clip_view_count',
    'updated_ms',
  ]
    .map((column) => `${column} = excluded.${column}`)
    .join(', ');
  return db
    .prepare(
      `INSERT INTO content_items (${columns.join(', ')}, item)
       VALUES (${columns.map((_, i) => `?${i + 1}`).join(', ')}, ?${itemParam})
       ON CONFLICT (content_item_id) DO UPDATE SET ${refreshed},
         item = json_set(json_patch(content_items.item, ?${factsParam}), '$.updated_at', ?${nowParam}),
         version = content_items.version + 1
       WHERE ${changed}
       RETURNING item, version`,
    )
    .bind(
      ...columns.map((column) => c[column]),
      JSON.stringify(fresh),
      JSON.stringify(facts),
      fresh.updated_at ?? fresh.stored_at,
    );
}
