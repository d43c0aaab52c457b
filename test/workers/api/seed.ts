import { newContentItem } from '../../../core/content-item/create.ts';
import { ContentItem } from '../../../core/schemas/content-item.ts';
import { indexColumns } from '../../../store/content-items/index-columns.ts';
import { clipFacts, githubContext, transcript } from '../helpers/clip-facts.ts';

/** A scored, ready item on a given instant; tags and score vary with `n` so sorting and counts mean something. */
export function scoredItem(n: number, createdAt: string, overrides: Partial<ContentItem> = {}): ContentItem {
  const item = newContentItem(
    clipFacts({ clip_id: `ApiClip${n}-${createdAt.slice(0, 10)}`, clip_created_at: createdAt }),
    createdAt,
  );
  return ContentItem.parse({
    ...item,
    clip_view_count: 10 * n,
    processing_status: 'ready_for_content',
    transcript: transcript(),
    github_context: n % 2 === 0 ? githubContext() : undefined,
    content_score: 40 + (n % 50),
    content_tags: n % 3 === 0 ? ['laravel', 'webhooks'] : ['cloudflare-workers'],
    content_category: 'development',
    ...overrides,
  });
}

/** Inserts items with their index columns in one batch (the triggers fill tags and repositories). */
export async function seedItems(db: D1Database, items: ContentItem[]): Promise<void> {
  const statements = items.map((item) => {
    const columns = indexColumns(item);
    const names = [...Object.keys(columns), 'item'];
    return db
      .prepare(`INSERT INTO content_items (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
      .bind(...Object.values(columns), JSON.stringify(item));
  });
  await db.batch(statements);
}
