import { z } from 'zod';
import { HttpUrl, Timestamp } from './common.ts';
import { ApiError, ContentGenerationRequest, ContentGenerationResponse, JobStatus } from './content-generation.ts';

/** An async generation job as `GET /api/content/jobs/{job_id}` returns it. */
export const Job = z.object({
  job_id: z.string().min(1).max(100),
  job_status: JobStatus,
  request: ContentGenerationRequest,
  result: ContentGenerationResponse.optional(),
  pull_request_url: HttpUrl.optional(),
  error: ApiError.optional(),
  created_at: Timestamp,
  updated_at: Timestamp,
  completed_at: Timestamp.optional(),
});
export type Job = z.infer<typeof Job>;
