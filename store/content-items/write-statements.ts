import type { ContentItem } from '../../core/schemas/content-item.ts';
import { indexColumns } from './index-columns.ts';

/**
 * One statement that replaces an item and its index columns only if the row is still at
 * `expectedVersion`: of two racing writers exactly one changes a row. Tag and repository rows
 * follow through the triggers of migrations/0001.
 */
export function guardedUpdate(db: D1Database, item: ContentItem, expectedVersion: number): D1PreparedStatement {
  const c = indexColumns(item);
  return db
    .prepare(
      `UPDATE content_items SET
         broadcaster_name = ?3, creator_name = ?4, clip_created_ms = ?5, clip_duration = ?6,
         clip_view_count = ?7, processing_status = ?8, content_score = ?9, content_category = ?10,
         has_transcript = ?11, has_github_context = ?12, updated_ms = ?13, item = ?14, version = ?2 + 1
       WHERE content_item_id = ?1 AND version = ?2`,
    )
    .bind(
      c.content_item_id,
      expectedVersion,
      c.broadcaster_name,
      c.creator_name,
      c.clip_created_ms,
      c.clip_duration,
      c.clip_view_count,
      c.processing_status,
      c.content_score,
      c.content_category,
      c.has_transcript,
      c.has_github_context,
      c.updated_ms,
      JSON.stringify(item),
    );
}

/**
 * Inserts a new item, or refreshes the clip facts of the existing one for the same clip while
 * keeping everything the pipeline stored. A no-op when nothing changed, so re-ingesting a clip
 * does not touch `updated_at`. Returns the stored row either way through `RETURNING`.
 */
export function upsertClipStatement(db: D1Database, fresh: ContentItem): D1PreparedStatement {
  const c = indexColumns(fresh);
  const facts = {
    clip_title: fresh.clip_title,
    clip_url: fresh.clip_url,
    clip_embed_url: fresh.clip_embed_url,
    clip_thumbnail_url: fresh.clip_thumbnail_url,
    clip_duration: fresh.clip_duration,
    clip_view_count: fresh.clip_view_count,
    clip_created_at: fresh.clip_created_at,
    broadcaster_name: fresh.broadcaster_name,
    creator_name: fresh.creator_name,
  };
  const changed = Object.keys(facts)
    .map((key) => `content_items.item ->> '$.${key}' IS NOT (?16 ->> '$.${key}')`)
    .join(' OR ');
  return db
    .prepare(
      `INSERT INTO content_items (
         content_item_id, clip_id, platform, broadcaster_name, creator_name, clip_created_ms, clip_duration,
         clip_view_count, processing_status, content_score, content_category, has_transcript,
         has_github_context, stored_ms, updated_ms, item)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17)
       ON CONFLICT (content_item_id) DO UPDATE SET
         broadcaster_name = excluded.broadcaster_name,
         creator_name = excluded.creator_name,
         clip_created_ms = excluded.clip_created_ms,
         clip_duration = excluded.clip_duration,
         clip_view_count = excluded.clip_view_count,
         updated_ms = excluded.updated_ms,
         item = json_set(json_patch(content_items.item, ?16), '$.updated_at', ?18),
         version = content_items.version + 1
       WHERE ${changed}
       RETURNING item, version`,
    )
    .bind(
      c.content_item_id,
      c.clip_id,
      c.platform,
      c.broadcaster_name,
      c.creator_name,
      c.clip_created_ms,
      c.clip_duration,
      c.clip_view_count,
      c.processing_status,
      c.content_score,
      c.content_category,
      c.has_transcript,
      c.has_github_context,
      c.stored_ms,
      c.updated_ms,
      JSON.stringify(facts),
      JSON.stringify(fresh),
      fresh.updated_at ?? fresh.stored_at,
    );
}
