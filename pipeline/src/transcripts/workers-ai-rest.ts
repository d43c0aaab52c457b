import { StreamlogError } from '../../../core/errors.ts';
import { WHISPER_LARGE_V3_TURBO } from '../../../core/transcripts/whisper.ts';
import { workersAiError } from '../ai/workers-ai-errors.ts';
import { type FetchLike, upstreamFetch } from '../http/upstream-fetch.ts';
import type { RawTranscription, Transcriber, TranscriptionRequest } from '../ports.ts';
import { whisperInput } from './whisper-input.ts';

export interface WorkersAiRestConfig {
  /** `CLOUDFLARE_API_BASE_URL`, e.g. `https://api.cloudflare.com/client/v4`. */
  apiBaseUrl: string;
  accountId: string;
  apiToken: string;
  fetch: FetchLike;
  timeoutMs: number;
}

interface Envelope {
  result?: unknown;
  success?: unknown;
  errors?: { code?: unknown; message?: unknown }[];
}

/**
 * Whisper over the Workers AI REST API, for runs outside a Worker (the CLI):
 * `POST {base}/accounts/{id}/ai/run/@cf/openai/whisper-large-v3-turbo`, answered as
 * `{result, success, errors, messages}`.
 */
export class WorkersAiRestTranscriber implements Transcriber {
  readonly #config: WorkersAiRestConfig;

  constructor(config: WorkersAiRestConfig) {
    this.#config = config;
  }

  async transcribe(request: TranscriptionRequest): Promise<RawTranscription> {
    const { apiBaseUrl, accountId, apiToken } = this.#config;
    const response = await upstreamFetch(
      'Workers AI',
      `${apiBaseUrl}/accounts/${encodeURIComponent(accountId)}/ai/run/${WHISPER_LARGE_V3_TURBO}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(whisperInput(request)),
      },
      this.#config,
    );
    const envelope = (await response.json().catch(() => null)) as Envelope | null;
    if (response.status === 401 || response.status === 403) {
      throw new StreamlogError(
        'configuration_error',
        'Workers AI rejected the credentials: check CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN',
        { service: 'workers-ai', status: response.status },
      );
    }
    if (response.status === 429) {
      throw new StreamlogError('upstream_rate_limited', 'Workers AI answered 429 Too Many Requests', {
        service: 'workers-ai',
      });
    }
    const firstError = envelope?.errors?.[0];
    if (!response.ok || envelope?.success !== true || envelope.result === undefined) {
      if (response.status >= 500 && typeof firstError?.code !== 'number') {
        throw new StreamlogError('upstream_unavailable', `Workers AI answered ${response.status}`, {
          service: 'workers-ai',
        });
      }
      const code = typeof firstError?.code === 'number' ? firstError.code : null;
      const message = typeof firstError?.message === 'string' ? firstError.message : `HTTP ${response.status}`;
      throw workersAiError(code, message.slice(0, 200));
    }
    return { output: envelope.result, model: WHISPER_LARGE_V3_TURBO, source: 'workers-ai-rest', vad_filter: true };
  }
}
