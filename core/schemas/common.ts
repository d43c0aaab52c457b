import { z } from 'zod';

/** An instant with an explicit offset, e.g. `2026-11-03T17:40:12Z` or `2026-11-03T11:40:12-06:00`. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** A calendar date in the streamer's zone (`STREAM_TIMEZONE`), `YYYY-MM-DD`. */
export const LocalDate = z.iso.date();
export type LocalDate = z.infer<typeof LocalDate>;

/** Only web links: untrusted payloads must never smuggle `javascript:` or `data:` URLs into the blog. */
export const HttpUrl = z.url({ protocol: /^https?$/ });
export type HttpUrl = z.infer<typeof HttpUrl>;

/**
 * Identifiers that end up in file names and URL paths (`content/items/<id>.json`, `/api/content/items/<id>`).
 * Twitch clip slugs contain `-` and `_`; nothing else is needed, and nothing else is allowed.
 */
export const SafeId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'use letters, digits, "-" and "_" only');

/** `owner/name` of a GitHub repository. */
export const RepositoryName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9._-]+$/, 'expected "owner/name"');
export type RepositoryName = z.infer<typeof RepositoryName>;

export const SCHEMA_VERSION = '1.0.0' as const;

/** A stable, machine-readable error code such as `transcription_failed`. */
export const ErrorCode = z.string().regex(/^[a-z][a-z0-9_]*$/, 'snake_case error code');

export const ItemError = z.object({
  code: ErrorCode,
  message: z.string().min(1).max(2000),
  occurred_at: Timestamp,
});
export type ItemError = z.infer<typeof ItemError>;
