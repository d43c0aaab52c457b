import { env } from 'cloudflare:test';
import { isRetryableCode } from '../../../core/errors.ts';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import type { FakeDiscordMessage } from '../../servers/discord-control.ts';
import type { RepoState } from '../../servers/github-repo-protocol.ts';
import type { FaultWorld } from './fault-world.ts';

/** Everything the invariants look at after a day ran: D1, R2 and the fakes, read back from outside. */
export interface DaySnapshot {
  day: string;
  /** The day's items (by `clip_details.stream_day`), ordered by id. */
  items: ContentItem[];
  /** Every item id in D1, any day. */
  itemIds: string[];
  /** Every `*_r2_key` value stored in D1, with where it was found. */
  storedR2Refs: { table: string; key: string }[];
  r2Keys: string[];
  rowCounts: Record<string, number>;
  publication: Record<string, unknown> | null;
  notification: Record<string, unknown> | null;
  budgets: { budget: string; day: string; limit_units: number; used_units: number }[];
  deadLetters: { message_id: string; body: string }[];
  repo: RepoState;
  /** Every message the fake Discord holds for this world, deleted ones included. */
  discord: FakeDiscordMessage[];
  discordCalls: number;
}

export async function snapshotDay(world: FaultWorld, day: string): Promise<DaySnapshot> {
  const db = env.DB;
  const { tables, r2Columns } = await schema();
  const counts = await db
    .prepare(`SELECT ${tables.map((table, i) => `(SELECT COUNT(*) FROM "${table}") AS c${i}`).join(', ')}`)
    .first<Record<string, number>>();
  const rowCounts = Object.fromEntries(tables.map((table, i) => [table, counts?.[`c${i}`] ?? 0]));
  const storedR2Refs: DaySnapshot['storedR2Refs'] = (
    await db
      .prepare(
        r2Columns
          .map(
            ({ table, column }) =>
              `SELECT '${table}.${column}' AS source, "${column}" AS key FROM "${table}" WHERE "${column}" IS NOT NULL`,
          )
          .join(' UNION ALL '),
      )
      .all<{ source: string; key: string }>()
  ).results.map((row) => ({ table: row.source, key: row.key }));
  const items = (
    await db
      .prepare(
        `SELECT c.item FROM content_items c JOIN clip_details d ON d.content_item_id = c.content_item_id
         WHERE d.stream_day = ?1 ORDER BY c.content_item_id`,
      )
      .bind(day)
      .all<{ item: string }>()
  ).results.map((row) => JSON.parse(row.item) as ContentItem);
  for (const item of items) {
    const transcriptKey = item.transcript?.provenance.raw_r2_key;
    if (transcriptKey)
      storedR2Refs.push({ table: `content_items.transcript(${item.content_item_id})`, key: transcriptKey });
    if (item.audio_file_url?.startsWith('audio/')) {
      storedR2Refs.push({ table: `content_items.audio_file_url(${item.content_item_id})`, key: item.audio_file_url });
    }
  }
  const itemIds = (
    await db
      .prepare('SELECT content_item_id FROM content_items ORDER BY content_item_id')
      .all<{ content_item_id: string }>()
  ).results.map((row) => row.content_item_id);
  const subject = `daily_recap:${day}`;
  const r2Keys: string[] = [];
  for (let cursor: string | undefined; ; ) {
    const listed = await env.ARTIFACTS.list({ limit: 1000, ...(cursor ? { cursor } : {}) });
    r2Keys.push(...listed.objects.map((object) => object.key));
    if (!listed.truncated) break;
    cursor = listed.cursor;
  }
  return {
    day,
    items,
    itemIds,
    storedR2Refs,
    r2Keys: r2Keys.sort(),
    rowCounts,
    publication: await db.prepare('SELECT * FROM publications WHERE subject_key = ?1').bind(subject).first(),
    notification: await db.prepare('SELECT * FROM notification_messages WHERE subject_key = ?1').bind(subject).first(),
    budgets: (
      await db
        .prepare('SELECT budget, day, limit_units, used_units FROM budgets ORDER BY budget, day')
        .all<DaySnapshot['budgets'][number]>()
    ).results,
    deadLetters: (
      await db
        .prepare('SELECT message_id, body FROM dead_letters ORDER BY message_id')
        .all<{ message_id: string; body: string }>()
    ).results,
    repo: await world.repo(),
    discord: await world.discord.messages(),
    discordCalls: (await world.discord.webhookCalls()).length,
  };
}

let schemaOnce: Promise<{ tables: string[]; r2Columns: { table: string; column: string }[] }> | undefined;

/** The tables (migrations' own aside) and every column holding an R2 key (`*r2_key`), read once. */
function schema() {
  schemaOnce ??= (async () => {
    const tables = (
      await env.DB.prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name`,
      ).all<{ name: string }>()
    ).results.map((row) => row.name);
    const r2Columns: { table: string; column: string }[] = [];
    for (const table of tables) {
      const columns = (await env.DB.prepare(`PRAGMA table_info("${table}")`).all<{ name: string }>()).results;
      for (const { name } of columns) if (name.endsWith('r2_key')) r2Columns.push({ table, column: name });
    }
    return { tables, r2Columns };
  })();
  return schemaOnce;
}

/** Whether an item's failure is one a later ingest retries (as ingest-day.ts decides: unknown codes too). */
export function retryableFailure(item: ContentItem): boolean {
  if (item.processing_status !== 'failed') return false;
  return isRetryableCode(item.error?.code);
}
