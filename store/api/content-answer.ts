import { generationResponse } from '../../core/api/generation-response.ts';
import type { ContentGenerationRequest, ContentGenerationResponse } from '../../core/schemas/content-generation.ts';
import type { ContentItemStore } from '../content-items/store.ts';

/**
 * The answer to a generate request from the D1 index, one batch round trip: used by the sync API
 * and by the async job, so both give the same response for the same request and data.
 */
export async function answerFromIndex(
  items: ContentItemStore,
  request: ContentGenerationRequest,
  timeZone: string,
): Promise<ContentGenerationResponse> {
  const page = await items.query(request);
  return generationResponse(request, page, timeZone);
}
