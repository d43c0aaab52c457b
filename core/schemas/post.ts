import { z } from 'zod';
import { LocalDate, RepositoryName, SafeId, Timestamp } from './common.ts';
import { ContentTag } from './content-item.ts';

export const ContentType = z.enum(['daily_recap', 'weekly_summary', 'topic_focus']);
export type ContentType = z.infer<typeof ContentType>;

export const JudgeVerdict = z.object({
  verdict: z.enum(['pass', 'polish', 'fail']),
  confidence: z.number().min(0).max(1),
  /** Rubric scores, each 0–1. */
  scores: z.object({
    coherence: z.number().min(0).max(1),
    correctness: z.number().min(0).max(1),
    developer_signal: z.number().min(0).max(1),
    safety: z.number().min(0).max(1),
  }),
  notes: z.array(z.string().max(500)).max(20),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdict>;

/**
 * Front matter of `content/posts/<yyyy>/<slug>.md`. Titles and descriptions are untrusted
 * (they can quote clip titles), so the blog renders them as text only.
 */
export const PostFrontmatter = z
  .object({
    title: z.string().min(1).max(200),
    description: z.string().min(1).max(500),
    /** When the post becomes visible; a future time keeps it out of every listing, RSS and the sitemap. */
    publish_at: Timestamp,
    updated_at: Timestamp.optional(),
    draft: z.boolean().default(false),
    content_type: ContentType,
    /** The local days the post covers, inclusive, in `timezone`. */
    period: z.object({ start: LocalDate, end: LocalDate }),
    timezone: z.string().min(1).max(64),
    tags: z.array(ContentTag).max(20).default([]),
    /** Ids of `content/items/<id>.json`; the blog resolves them as a collection reference. */
    content_item_ids: z.array(SafeId).max(200),
    repositories: z.array(RepositoryName).max(20).default([]),
    hero_clip_id: SafeId.optional(),
    content_score: z.number().min(0).max(100).optional(),
    judge: JudgeVerdict.optional(),
    generated_by: z
      .object({
        pipeline_version: z.string().max(50),
        ai_provider: z.enum(['workers-ai', 'offline']),
        generated_at: Timestamp,
        /** Why Workers AI was configured but not used (over today's budget, the model failed, …). */
        fallback_reason: z.string().min(1).max(200).optional(),
      })
      .optional(),
  })
  .refine((post) => post.period.start <= post.period.end, {
    message: 'period.start must not be after period.end',
    path: ['period', 'start'],
  });
export type PostFrontmatter = z.infer<typeof PostFrontmatter>;
