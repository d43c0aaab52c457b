import type { ClipDetails, ClipTiming } from '../../core/pipeline/contracts.ts';
import { clipSpan, streamDayOf } from '../../core/pipeline/stream-day.ts';
import type { Clock } from '../../core/time/clock.ts';
import { localDateOf } from '../../core/time/local-day.ts';
import { systemClock } from '../system-clock.ts';

/** What ingestion knows about one clip beyond its ContentItem facts. */
export interface ClipDetailsInput {
  content_item_id: string;
  clip_created_at: string;
  clip_duration: number;
  video_id: string | null;
  vod_offset: number | null;
  game_id: string | null;
  broadcaster_language: string | null;
  /** R2 key of the raw Get Clips page the clip came from. */
  raw_r2_key: string | null;
}

export interface StoredVideo {
  video_id: string;
  started_at: string;
  duration_s: number | null;
  raw_r2_key: string | null;
}

export interface ClipDetailsWrite {
  stream_day: string;
  /** The wall-clock timing changed (e.g. Twitch set `vod_offset`): matched items must be re-enhanced. */
  timing_changed: boolean;
  created: boolean;
}

interface DetailsRow {
  content_item_id: string;
  video_id: string | null;
  vod_offset: number | null;
  game_id: string | null;
  broadcaster_language: string | null;
  clip_created_ms: number;
  clip_duration: number;
  started_ms: number | null;
  stream_day: string;
  needs_recheck: number;
}

/** Clips are rarely longer than a minute; a day bounds any clip so overlap queries stay index range scans. */
const MAX_CLIP_SPAN_MS = 24 * 3600 * 1000;

/**
 * The Twitch facts matching needs (VOD, offset, game) per ContentItem, and the VOD starts that decide
 * which local day a stream belongs to. Writes are idempotent upserts keyed by item and VOD id.
 */
export class ClipDetailsStore {
  readonly #db: D1Database;
  readonly #timeZone: string;
  readonly #clock: Clock;

  constructor(db: D1Database, options: { timeZone: string; clock?: Clock }) {
    this.#db = db;
    this.#timeZone = options.timeZone;
    this.#clock = options.clock ?? systemClock;
  }

  /** Stores (or refreshes) VODs; their local day follows the configured time zone. */
  async putVideos(videos: readonly StoredVideo[]): Promise<void> {
    if (videos.length === 0) return;
    const now = this.#clock.now().getTime();
    await this.#db.batch(
      videos.map((video) =>
        this.#db
          .prepare(
            `INSERT INTO stream_videos (video_id, started_ms, duration_s, local_day, time_zone, raw_r2_key, updated_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (video_id) DO UPDATE SET
               started_ms = excluded.started_ms, duration_s = excluded.duration_s, local_day = excluded.local_day,
               time_zone = excluded.time_zone, raw_r2_key = COALESCE(excluded.raw_r2_key, stream_videos.raw_r2_key),
               updated_ms = excluded.updated_ms
             WHERE stream_videos.started_ms IS NOT excluded.started_ms
                OR stream_videos.duration_s IS NOT excluded.duration_s
                OR stream_videos.time_zone IS NOT excluded.time_zone`,
          )
          .bind(
            video.video_id,
            Date.parse(video.started_at),
            video.duration_s,
            localDateOf(new Date(video.started_at), this.#timeZone),
            this.#timeZone,
            video.raw_r2_key,
            now,
          ),
      ),
    );
  }

  /** VOD starts by id, for the ids this store knows. */
  async videoStarts(videoIds: readonly string[]): Promise<Map<string, string>> {
    const starts = new Map<string, string>();
    // D1 caps bound parameters per statement; chunks of 90 stay well inside it.
    for (let i = 0; i < videoIds.length; i += 90) {
      const chunk = videoIds.slice(i, i + 90);
      const { results } = await this.#db
        .prepare(
          `SELECT video_id, started_ms FROM stream_videos WHERE video_id IN (${chunk.map((_, j) => `?${j + 1}`).join(', ')})`,
        )
        .bind(...chunk)
        .all<{ video_id: string; started_ms: number }>();
      for (const row of results) starts.set(row.video_id, new Date(row.started_ms).toISOString());
    }
    return starts;
  }

  /**
   * Stores the clip's details and the day it belongs to. Says whether its wall-clock timing changed
   * since the last write (Twitch filled in `vod_offset`, the VOD became known), so the caller can
   * re-enhance an item that was already matched.
   */
  async put(input: ClipDetailsInput, videoStartedAt: string | null): Promise<ClipDetailsWrite> {
    const before = await this.#detailsRow(input.content_item_id);
    const timing: ClipTiming = {
      clip_created_at: input.clip_created_at,
      clip_duration: input.clip_duration,
      vod_offset: input.vod_offset,
      video_id: input.video_id,
      video_started_at: videoStartedAt,
    };
    const span = clipSpan(timing);
    const streamDay = streamDayOf(input.clip_created_at, videoStartedAt, this.#timeZone);
    const needsRecheck = input.video_id !== null && input.vod_offset === null ? 1 : 0;
    await this.#db
      .prepare(
        `INSERT INTO clip_details (content_item_id, video_id, vod_offset, game_id, broadcaster_language, raw_r2_key,
           clip_created_ms, clip_duration, start_ms, end_ms, stream_day, time_zone, needs_recheck, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (content_item_id) DO UPDATE SET
           video_id = excluded.video_id, vod_offset = excluded.vod_offset, game_id = excluded.game_id,
           broadcaster_language = excluded.broadcaster_language,
           raw_r2_key = COALESCE(excluded.raw_r2_key, clip_details.raw_r2_key),
           clip_created_ms = excluded.clip_created_ms, clip_duration = excluded.clip_duration,
           start_ms = excluded.start_ms, end_ms = excluded.end_ms, stream_day = excluded.stream_day,
           time_zone = excluded.time_zone, needs_recheck = excluded.needs_recheck, updated_ms = excluded.updated_ms
         WHERE clip_details.video_id IS NOT excluded.video_id OR clip_details.vod_offset IS NOT excluded.vod_offset
            OR clip_details.game_id IS NOT excluded.game_id
            OR clip_details.broadcaster_language IS NOT excluded.broadcaster_language
            OR clip_details.clip_created_ms IS NOT excluded.clip_created_ms
            OR clip_details.clip_duration IS NOT excluded.clip_duration
            OR clip_details.start_ms IS NOT excluded.start_ms OR clip_details.end_ms IS NOT excluded.end_ms
            OR clip_details.stream_day IS NOT excluded.stream_day OR clip_details.time_zone IS NOT excluded.time_zone`,
      )
      .bind(
        input.content_item_id,
        input.video_id,
        input.vod_offset,
        input.game_id,
        input.broadcaster_language,
        input.raw_r2_key,
        Date.parse(input.clip_created_at),
        input.clip_duration,
        span.startMs,
        span.endMs,
        streamDay,
        this.#timeZone,
        needsRecheck,
        this.#clock.now().getTime(),
      )
      .run();
    const timingChanged =
      before !== null &&
      (before.vod_offset !== input.vod_offset ||
        before.video_id !== input.video_id ||
        before.clip_created_ms !== Date.parse(input.clip_created_at) ||
        before.clip_duration !== input.clip_duration ||
        (before.started_ms === null ? null : new Date(before.started_ms).toISOString()) !== videoStartedAt);
    return { stream_day: streamDay, timing_changed: timingChanged, created: before === null };
  }

  /** What matching needs about an item's clip, or null when ingestion never stored details for it. */
  async timingFor(contentItemId: string): Promise<{ timing: ClipTiming; details: ClipDetails } | null> {
    const row = await this.#detailsRow(contentItemId);
    if (!row) return null;
    return {
      timing: {
        clip_created_at: new Date(row.clip_created_ms).toISOString(),
        clip_duration: row.clip_duration,
        vod_offset: row.vod_offset,
        video_id: row.video_id,
        video_started_at: row.started_ms === null ? null : new Date(row.started_ms).toISOString(),
      },
      details: { game_id: row.game_id, broadcaster_language: row.broadcaster_language },
    };
  }

  /** Items whose clip content can overlap `[startMs, endMs)`: the ones a late GitHub event there may touch. */
  async itemsInWindow(startMs: number, endMs: number): Promise<string[]> {
    const { results } = await this.#db
      .prepare(
        `SELECT content_item_id FROM clip_details
         WHERE start_ms < ?2 AND start_ms >= ?3 AND end_ms > ?1
         ORDER BY start_ms, content_item_id`,
      )
      .bind(startMs, endMs, startMs - MAX_CLIP_SPAN_MS)
      .all<{ content_item_id: string }>();
    return results.map((row) => row.content_item_id);
  }

  /** Items that belong to local day `date` in the configured zone, oldest clip first. */
  async itemsOfDay(date: string): Promise<string[]> {
    const { results } = await this.#db
      .prepare(
        `SELECT content_item_id FROM clip_details WHERE stream_day = ?1 AND time_zone = ?2
         ORDER BY clip_created_ms, content_item_id`,
      )
      .bind(date, this.#timeZone)
      .all<{ content_item_id: string }>();
    return results.map((row) => row.content_item_id);
  }

  /** The local day an item belongs to in the configured zone, or null when ingestion stored no details. */
  async dayOf(contentItemId: string): Promise<string | null> {
    const row = await this.#db
      .prepare('SELECT stream_day FROM clip_details WHERE content_item_id = ?1 AND time_zone = ?2')
      .bind(contentItemId, this.#timeZone)
      .first<{ stream_day: string }>();
    return row?.stream_day ?? null;
  }

  /** Items of `date` whose `vod_offset` Twitch has not set yet. */
  async needingRecheck(date: string): Promise<string[]> {
    const { results } = await this.#db
      .prepare(
        'SELECT content_item_id FROM clip_details WHERE stream_day = ?1 AND time_zone = ?2 AND needs_recheck = 1',
      )
      .bind(date, this.#timeZone)
      .all<{ content_item_id: string }>();
    return results.map((row) => row.content_item_id);
  }

  #detailsRow(contentItemId: string): Promise<DetailsRow | null> {
    return this.#db
      .prepare(
        `SELECT d.content_item_id, d.video_id, d.vod_offset, d.game_id, d.broadcaster_language, d.clip_created_ms,
                d.clip_duration, v.started_ms, d.stream_day, d.needs_recheck
         FROM clip_details d LEFT JOIN stream_videos v ON v.video_id = d.video_id
         WHERE d.content_item_id = ?1`,
      )
      .bind(contentItemId)
      .first<DetailsRow>();
  }
}
