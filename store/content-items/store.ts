import type { IndexAnswer } from '../../core/api/generation-response.ts';
import { newContentItem } from '../../core/content-item/create.ts';
import type { ContentQuery } from '../../core/content-item/query.ts';
import { applyFailure, applyRetry, applyTransition, type StepPatch } from '../../core/content-item/transition.ts';
import { type ErrorCodeName, StreamlogError } from '../../core/errors.ts';
import { type ClipFacts, ContentItem, type ProcessingStatus } from '../../core/schemas/content-item.ts';
import type { GitHubContext } from '../../core/schemas/github-context.ts';
import type { Clock } from '../../core/time/clock.ts';
import { systemClock } from '../system-clock.ts';
import { listContentItems, queryContentItems } from './query.ts';
import { guardedUpdate, upsertClipStatement } from './write-statements.ts';

interface StoredRow {
  item: string;
  version: number;
}

/** Optimistic writes retry this often when another writer got there first. */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * ContentItems in D1: the JSON of each item plus the index columns that queries use.
 * Every write validates the item against the schema first, so what is stored is always valid.
 */
export class ContentItemStore {
  readonly #db: D1Database;
  readonly #clock: Clock;
  readonly #timeZone: string;

  constructor(db: D1Database, options: { clock?: Clock; timeZone?: string } = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
    this.#timeZone = options.timeZone ?? 'UTC';
  }

  async get(contentItemId: string): Promise<ContentItem | null> {
    const row = await this.#row(contentItemId);
    return row ? parseStored(row) : null;
  }

  async getByClip(platform: ContentItem['platform'], clipId: string): Promise<ContentItem | null> {
    const row = await this.#db
      .prepare('SELECT item, version FROM content_items WHERE platform = ?1 AND clip_id = ?2')
      .bind(platform, clipId)
      .first<StoredRow>();
    return row ? parseStored(row) : null;
  }

  /**
   * Creates the item for a clip, or refreshes its clip facts (views, title) if it exists,
   * keeping everything the pipeline stored. Safe under concurrency: one clip, one row.
   */
  async upsertClip(clip: ClipFacts): Promise<{ item: ContentItem; created: boolean }> {
    const fresh = ContentItem.parse(newContentItem(clip, this.#now()));
    const returned = await upsertClipStatement(this.#db, fresh).first<StoredRow>();
    if (returned) return { item: parseStored(returned), created: returned.version === 1 };
    // Nothing changed, so the conditional update returned no row: the stored item stands.
    const existing = await this.get(fresh.content_item_id);
    if (!existing)
      throw new StreamlogError('storage_failed', `content item ${fresh.content_item_id} vanished during upsert`);
    return { item: existing, created: false };
  }

  /** Moves an item forward, storing what the step produced. See core/content-item/state-machine.ts. */
  transition(
    contentItemId: string,
    to: Exclude<ProcessingStatus, 'failed'>,
    patch: StepPatch = {},
  ): Promise<ContentItem> {
    return this.#update(contentItemId, (item, now) => {
      if (item.processing_status === to && samePatch(item, patch)) return null;
      return applyTransition(item, to, now, patch);
    });
  }

  /** Marks an item `failed` with a stable error code, keeping every result stored so far. */
  fail(contentItemId: string, error: { code: ErrorCodeName; message: string }): Promise<ContentItem> {
    return this.#update(contentItemId, (item, now) => applyFailure(item, error, now));
  }

  /** Moves a failed item back to the furthest state its stored data supports. */
  retry(contentItemId: string): Promise<ContentItem> {
    return this.#update(contentItemId, (item, now) => applyRetry(item, now));
  }

  /**
   * Stores matched GitHub activity. A transcribed, enhanced or ready item becomes `enhanced` again
   * (late events re-enhance); an item still earlier in the pipeline keeps its status.
   */
  attachGitHubContext(contentItemId: string, githubContext: GitHubContext): Promise<ContentItem> {
    return this.#update(contentItemId, (item, now) => {
      // The same context again (a redelivered event) is a no-op, not a re-enhancement.
      if (samePatch(item, { github_context: githubContext }) && item.processing_status !== 'transcribed') return null;
      if (['transcribed', 'enhanced', 'ready_for_content'].includes(item.processing_status)) {
        return applyTransition(item, 'enhanced', now, { github_context: githubContext });
      }
      return { ...item, github_context: githubContext, updated_at: now };
    });
  }

  /** Items in a date range with the plan's filters, sort and pagination, answered from the D1 index. */
  query(query: ContentQuery): Promise<IndexAnswer> {
    return queryContentItems(this.#db, query, this.#timeZone);
  }

  /** One page of the same query and the match's size, without the summary and suggestions' statements. */
  list(query: ContentQuery): Promise<{ items: ContentItem[]; total: number }> {
    return listContentItems(this.#db, query, this.#timeZone);
  }

  async #update(
    contentItemId: string,
    change: (item: ContentItem, now: string) => ContentItem | null,
  ): Promise<ContentItem> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const row = await this.#row(contentItemId);
      if (!row)
        throw new StreamlogError('not_found', `no content item ${contentItemId}`, { content_item_id: contentItemId });
      const current = parseStored(row);
      const next = change(current, this.#now());
      if (next === null) return current;
      const result = await guardedUpdate(this.#db, ContentItem.parse(next), row.version).run();
      // `changes` also counts rows the index triggers wrote; zero means another writer won.
      if (result.meta.changes > 0) return next;
    }
    throw new StreamlogError('concurrent_update', `content item ${contentItemId} kept changing underneath this write`, {
      content_item_id: contentItemId,
    });
  }

  #row(contentItemId: string): Promise<StoredRow | null> {
    return this.#db
      .prepare('SELECT item, version FROM content_items WHERE content_item_id = ?1')
      .bind(contentItemId)
      .first<StoredRow>();
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }
}

// Stored JSON was validated on the way in; parsing it again on every read would be wasted work.
function parseStored(row: StoredRow): ContentItem {
  return JSON.parse(row.item) as ContentItem;
}

function samePatch(item: ContentItem, patch: StepPatch): boolean {
  return Object.entries(patch).every(
    ([key, value]) => JSON.stringify(item[key as keyof StepPatch]) === JSON.stringify(value),
  );
}
