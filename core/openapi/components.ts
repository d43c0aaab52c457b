import { z } from 'zod';
import * as s from '../schemas/index.ts';
import { ContentItemList, HealthStatus, Problem, RunRecordList } from './api-schemas.ts';

export interface ComponentMeta {
  id: string;
  description?: string;
}

/** The named schemas of the API: each becomes `#/components/schemas/<id>` and is referenced, not inlined. */
export const components = z.registry<ComponentMeta>();

function add(schema: z.ZodType, id: string, description?: string): void {
  components.add(schema, description === undefined ? { id } : { id, description });
}

add(s.Timestamp, 'Timestamp', 'An instant with an explicit UTC offset (RFC 3339), e.g. `2026-11-03T17:48:37Z`.');
add(s.LocalDate, 'LocalDate', "A calendar date in the streamer's time zone (`STREAM_TIMEZONE`), `YYYY-MM-DD`.");
add(s.HttpUrl, 'HttpUrl', 'An `http:` or `https:` URL; no other scheme is accepted.');
add(s.SafeId, 'SafeId', 'An identifier safe in file names and URL paths: letters, digits, `-` and `_`.');
add(s.RepositoryName, 'RepositoryName', 'A GitHub repository, `owner/name`.');
add(s.ErrorCode, 'ErrorCode', 'A stable, machine-readable snake_case error code.');
add(s.ItemError, 'ItemError', 'Why a content item failed, and when.');

add(s.Platform, 'Platform');
add(
  s.ProcessingStatus,
  'ProcessingStatus',
  'Pipeline state: pending → queued → audio_ready → transcribed → enhanced → ready_for_content, or failed.',
);
add(s.ContentCategory, 'ContentCategory');
add(s.ContentTag, 'ContentTag', 'A lower-case tag usable in a URL path.');
add(s.ContentItem, 'ContentItem', 'One clip and everything the pipeline learned about it. Titles are untrusted text.');

add(
  s.TranscriptSegment,
  'TranscriptSegment',
  'A stretch of speech; times are seconds from the start of the clip audio.',
);
add(s.TranscriptSource, 'TranscriptSource');
add(s.TranscriptProvenance, 'TranscriptProvenance', 'Where a transcript came from and what was discarded.');
add(
  s.Transcript,
  'Transcript',
  'What was said in a clip, in the language the model detected. Empty text means silence.',
);

add(s.GitHubCommit, 'GitHubCommit');
add(s.GitHubPullRequest, 'GitHubPullRequest');
add(s.GitHubIssue, 'GitHubIssue');
add(s.GitHubRelease, 'GitHubRelease');
add(s.GitHubContext, 'GitHubContext', 'GitHub activity matched to one clip, each with a confidence and a reason.');

add(s.SortBy, 'SortBy');
add(s.SortOrder, 'SortOrder');
add(
  s.DateRange,
  'DateRange',
  'Inclusive bounds: a local date (a whole day) or an instant. `start` must not be after `end`.',
);
add(s.ContentFilters, 'ContentFilters', 'Every given filter must match. Unknown filter keys are rejected.');
add(s.GenerationMode, 'GenerationMode', '`sync` answers from the index; `async` records a job and answers 202.');
add(s.ContentType, 'ContentType');
add(
  s.ContentGenerationRequest,
  'ContentGenerationRequest',
  'Select scored clips and ask for a post. Unknown keys are rejected.',
);
add(s.JobStatus, 'JobStatus');
add(s.Pagination, 'Pagination');
add(s.ContentSummary, 'ContentSummary', 'Counts over every item that matched, not just the returned page.');
add(s.ApiError, 'ApiError');
add(s.ContentGenerationResponse, 'ContentGenerationResponse');
add(s.Job, 'Job', 'An async generation job.');

add(s.JudgeVerdict, 'JudgeVerdict', "The judge's rubric scores (each 0–1) and verdict.");
add(
  s.PostFrontmatter,
  'PostFrontmatter',
  'Front matter of a generated post. Title and description are untrusted text.',
);

add(s.IngestDayMessage, 'IngestDayMessage');
add(s.ProcessItemMessage, 'ProcessItemMessage');
add(s.GitHubDeliveryMessage, 'GitHubDeliveryMessage');
add(s.StreamOfflineMessage, 'StreamOfflineMessage');
add(s.GenerateContentMessage, 'GenerateContentMessage');
add(s.PublishPostMessage, 'PublishPostMessage');
add(s.QueueMessage, 'QueueMessage', 'A message on the pipeline queue, discriminated by `type`.');

add(
  s.RunTrigger,
  'RunTrigger',
  'What started a pipeline run: the CLI, the cron sweep, a stream going offline, the API.',
);
add(s.RunStatus, 'RunStatus');
add(s.RunFailure, 'RunFailure', 'A failed step of a run, or a failed item of its period, with its stable code.');
add(s.RunPost, 'RunPost', 'A post the run wrote. The title is untrusted text.');
add(s.RunPullRequest, 'RunPullRequest');
add(s.RunNotification, 'RunNotification', 'How the review notification went, and where it went.');
add(s.RunAiBudget, 'RunAiBudget', 'Workers AI units used of the daily budget on a UTC day.');
add(
  s.RunRecord,
  'RunRecord',
  "One pipeline run: what started it, its period, and the counts of the period's items when it finished.",
);

add(Problem, 'Problem', 'An RFC 9457 problem; `code` is stable, `field` is the JSON path of the bad input.');
add(ContentItemList, 'ContentItemList');
add(RunRecordList, 'RunRecordList');
add(HealthStatus, 'HealthStatus');

/** A JSON Schema (draft 2020-12) object. */
export type JsonSchema = { [key: string]: unknown };

/** Where components live in an OpenAPI document. */
export const COMPONENT_REF = '#/components/schemas/';

/**
 * Every component converted by zod's `z.toJSONSchema`, references as `#/components/schemas/<id>`.
 * `input` describes what `X.parse` accepts (defaults optional, unknown keys allowed unless strict);
 * `output` what it returns (defaults filled in, no other keys).
 */
export function convertComponents(io: 'input' | 'output'): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(components, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    metadata: components,
    uri: (id) => `${COMPONENT_REF}${id}`,
  });
  const result: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // Every reused schema is registered above, so zod has nothing left to share.
    if (id === '__shared')
      throw new Error('a reused schema has no component id; register it in core/openapi/components.ts');
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
    result[id] = rest;
  }
  return result;
}

/** The component ids a schema references, directly. */
export function referencedIds(schema: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const entry of schema) referencedIds(entry, found);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)) {
        found.add(value.slice(COMPONENT_REF.length));
      } else {
        referencedIds(value, found);
      }
    }
  }
  return found;
}

/** A deep copy of `schema` with every `$ref` passed through `map`. */
export function mapRefs<T>(schema: T, map: (ref: string) => string): T {
  if (Array.isArray(schema)) return schema.map((entry) => mapRefs(entry, map)) as T;
  if (typeof schema === 'object' && schema !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      copy[key] = key === '$ref' && typeof value === 'string' ? map(value) : mapRefs(value, map);
    }
    return copy as T;
  }
  return schema;
}
