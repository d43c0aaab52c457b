import { z } from 'zod';
import { HttpUrl, ItemError, SafeId, SCHEMA_VERSION, Timestamp } from './common.ts';
import { GitHubContext } from './github-context.ts';
import { Transcript } from './transcript.ts';

export const Platform = z.enum(['twitch', 'youtube', 'unknown']);
export type Platform = z.infer<typeof Platform>;

/** The forward path of a clip through the pipeline. See `core/content-item/state-machine.ts`. */
export const PIPELINE_ORDER = [
  'pending',
  'queued',
  'audio_ready',
  'transcribed',
  'enhanced',
  'ready_for_content',
] as const;

/** The pipeline's states: its forward path, and `failed`, which can be entered from any of them. */
export const ProcessingStatus = z.enum([...PIPELINE_ORDER, 'failed']);
export type ProcessingStatus = z.infer<typeof ProcessingStatus>;

export const ContentCategory = z.enum(['development', 'gaming', 'tutorial', 'review', 'other']);
export type ContentCategory = z.infer<typeof ContentCategory>;

/** A lower-case tag usable in a URL (`/tags/<tag>`). */
export const ContentTag = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9][a-z0-9+#.-]*$/, 'lower-case tag: letters, digits, "+", "#", ".", "-"');

/** One clip and everything the pipeline learned about it. Field names are the product plan's. */
export const ContentItem = z.object({
  schema_version: z.literal(SCHEMA_VERSION),
  content_item_id: SafeId,
  clip_id: SafeId,
  /** Untrusted: may hold markdown, HTML or emoji. Rendered as text, never as markup. */
  clip_title: z.string().max(1_000),
  clip_url: HttpUrl,
  clip_embed_url: HttpUrl,
  clip_thumbnail_url: HttpUrl,
  /** Seconds, 0.1 precision on Twitch. */
  clip_duration: z
    .number()
    .positive()
    .max(24 * 3600),
  clip_view_count: z.number().int().nonnegative(),
  clip_created_at: Timestamp,
  broadcaster_name: z.string().min(1).max(100),
  creator_name: z.string().min(1).max(100),
  platform: Platform,
  processing_status: ProcessingStatus,
  audio_file_url: z.string().min(1).max(2_000).optional(),
  transcript: Transcript.optional(),
  github_context: GitHubContext.optional(),
  /** 0–100; higher is more worth writing about. */
  content_score: z.number().min(0).max(100).optional(),
  content_tags: z.array(ContentTag).max(30).optional(),
  content_category: ContentCategory.optional(),
  error: ItemError.optional(),
  stored_at: Timestamp,
  enhanced_at: Timestamp.optional(),
  content_ready_at: Timestamp.optional(),
  updated_at: Timestamp.optional(),
});
export type ContentItem = z.infer<typeof ContentItem>;

/** The facts about a clip that ingestion supplies; everything else is the pipeline's. */
export const ClipFacts = ContentItem.pick({
  clip_id: true,
  clip_title: true,
  clip_url: true,
  clip_embed_url: true,
  clip_thumbnail_url: true,
  clip_duration: true,
  clip_view_count: true,
  clip_created_at: true,
  broadcaster_name: true,
  creator_name: true,
  platform: true,
});
export type ClipFacts = z.infer<typeof ClipFacts>;
