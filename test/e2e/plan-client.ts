import { createSigner, httpbis } from 'http-message-signatures';

/*
 * A client written only from the product plan's types (DESIGN §2), as a new user would write it:
 * none of the project's schemas or its own client are imported, and requests are signed with the
 * third-party RFC 9421 package `http-message-signatures`.
 */

export type ContentCategory = 'development' | 'gaming' | 'tutorial' | 'review' | 'other';
export type ProcessingStatus =
  | 'pending'
  | 'queued'
  | 'audio_ready'
  | 'transcribed'
  | 'enhanced'
  | 'ready_for_content'
  | 'failed';

export interface ContentGenerationRequest {
  page?: number;
  limit?: number;
  sort_by?: 'created_at' | 'view_count' | 'content_score' | 'duration';
  sort_order?: 'asc' | 'desc';
  date_range: { start: string; end: string };
  filters?: {
    min_views?: number;
    min_duration?: number;
    max_duration?: number;
    categories?: ContentCategory[];
    min_confidence?: number;
    platform?: 'twitch' | 'youtube' | 'unknown';
    processing_status?: ProcessingStatus[];
  };
  content_type: 'daily_recap' | 'weekly_summary' | 'topic_focus';
  repository?: string;
  mode?: 'sync' | 'async';
  idempotency_key?: string;
}

export interface ContentGenerationResponse {
  job_id?: string;
  job_status?: 'queued' | 'processing' | 'completed' | 'failed';
  content_items?: { content_item_id: string; clip_view_count: number; content_category?: ContentCategory }[];
  date_range: { start: string; end: string };
  pagination: {
    total_items: number;
    total_pages: number;
    current_page: number;
    per_page: number;
    has_next: boolean;
    has_prev: boolean;
  };
  summary: { total_clips: number; total_prs: number; total_commits: number; total_issues: number };
  suggested_title?: string | null;
  suggested_tags?: ContentCategory[];
  content_score?: number | null;
  error?: { code: string; message: string; occurred_at: string };
}

/** POSTs a plan request to `/api/content/generate`, signed by the third-party package. */
export async function planGenerate(
  origin: string,
  keyId: string,
  secret: string,
  request: ContentGenerationRequest,
): Promise<{ status: number; body: ContentGenerationResponse }> {
  const body = JSON.stringify(request);
  const url = `${origin}/api/content/generate`;
  const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))).toString('base64');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-digest': `sha-256=:${digest}:`,
  };
  const signed = await httpbis.signMessage(
    {
      key: createSigner(secret, 'hmac-sha256', keyId),
      fields: ['@method', '@authority', '@path', '@query', 'content-digest', 'content-type'],
      params: ['created', 'keyid', 'nonce', 'alg'],
      paramValues: { created: new Date(), nonce: crypto.randomUUID() },
    },
    { method: 'POST', url, headers },
  );
  const response = await fetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  return { status: response.status, body: (await response.json()) as ContentGenerationResponse };
}
