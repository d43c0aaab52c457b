import { StreamlogError } from '../../../core/errors.ts';
import { type FetchLike, readCapped, upstreamFetch } from '../http/upstream-fetch.ts';
import type { JsonGeneration, TextModel } from './ports.ts';
import { jsonFromTextOutput, jsonModeInput, type RetryPolicy, withRetries } from './text-json.ts';
import { isKnownWorkersAiCode, workersAiError } from './workers-ai-errors.ts';

export interface WorkersAiTextRestConfig extends RetryPolicy {
  /** `CLOUDFLARE_API_BASE_URL`, e.g. `https://api.cloudflare.com/client/v4`. */
  apiBaseUrl: string;
  accountId: string;
  apiToken: string;
  /** e.g. `@cf/meta/llama-3.1-8b-instruct` (`AI_TEXT_MODEL` / `AI_JUDGE_MODEL`). */
  model: string;
  fetch: FetchLike;
  /** Deadline of each attempt, body included. */
  timeoutMs: number;
  /** Sampling temperature (default 0). */
  temperature?: number;
  /** Largest answer read (default 1 MiB); a bigger one is `upstream_rejected`. */
  maxResponseBytes?: number;
}

interface Envelope {
  result?: unknown;
  success?: unknown;
  errors?: { code?: unknown; message?: unknown }[];
}

const SERVICE = 'Workers AI';
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** `@cf/meta/llama-3.1-8b-instruct`, `@hf/…`: path segments only, so a model name cannot reshape the URL. */
const MODEL_NAME = /^@?[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/**
 * A text model in JSON mode over the Workers AI REST API, for runs outside a Worker (the CLI):
 * `POST {base}/accounts/{id}/ai/run/{model}` with a bearer token, answered as
 * `{result, success, errors, messages}`; `result` is what the binding would return. Capacity
 * (3040), timeouts (3007 or our own deadline) and 5xx are retried a bounded number of times with
 * backoff; 3036, 5006, 5007, other 4xx and bad credentials are thrown at once.
 */
export class WorkersAiTextRest implements TextModel {
  readonly kind = 'workers-ai-rest' as const;
  readonly model: string;
  readonly #config: WorkersAiTextRestConfig;

  constructor(config: WorkersAiTextRestConfig) {
    if (!MODEL_NAME.test(config.model)) {
      throw new StreamlogError('configuration_error', `not a Workers AI model name: "${config.model.slice(0, 100)}"`);
    }
    this.model = config.model;
    this.#config = config;
  }

  async generateJson(request: JsonGeneration): Promise<Record<string, unknown>> {
    const body = JSON.stringify(jsonModeInput(request, this.#config.temperature ?? 0));
    const result = await withRetries(() => this.#call(body), this.#config);
    return jsonFromTextOutput(result, this.model);
  }

  async #call(body: string): Promise<unknown> {
    const { apiBaseUrl, accountId, apiToken } = this.#config;
    const url = `${apiBaseUrl.replace(/\/+$/, '')}/accounts/${encodeURIComponent(accountId)}/ai/run/${this.model}`;
    const response = await upstreamFetch(
      SERVICE,
      url,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
        body,
      },
      this.#config,
    );
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new StreamlogError(
        'configuration_error',
        'Workers AI rejected the credentials: check CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN',
        { service: 'workers-ai', status: response.status },
      );
    }
    const envelope = parseEnvelope(await this.#read(response));
    const first = envelope?.errors?.[0];
    const code = typeof first?.code === 'number' ? first.code : null;
    if (response.ok && envelope?.success === true && envelope.result !== undefined) return envelope.result;

    const fallback = response.ok ? 'an answer without a result' : `HTTP ${response.status}`;
    const message = (typeof first?.message === 'string' ? first.message : fallback).slice(0, 200);
    if (isKnownWorkersAiCode(code)) throw workersAiError(code, message);
    const details = { service: 'workers-ai', status: response.status, ai_code: code };
    if (response.status === 429) {
      throw new StreamlogError('upstream_rate_limited', `Workers AI answered 429: ${message}`, details);
    }
    if (response.status >= 500) {
      throw new StreamlogError('upstream_unavailable', `Workers AI answered ${response.status}: ${message}`, details);
    }
    throw new StreamlogError('upstream_rejected', `Workers AI answered ${response.status}: ${message}`, details);
  }

  /** The body within the size cap; a deadline that fires while reading is a timeout like any other. */
  async #read(response: Response): Promise<Uint8Array> {
    try {
      return await readCapped(response, this.#config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, SERVICE);
    } catch (error) {
      if (error instanceof StreamlogError) throw error;
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new StreamlogError('upstream_timeout', `Workers AI did not finish answering within the deadline`, {
          service: SERVICE,
        });
      }
      throw new StreamlogError('upstream_unavailable', 'Workers AI broke off its answer', { service: SERVICE });
    }
  }
}

function parseEnvelope(bytes: Uint8Array): Envelope | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Envelope) : null;
  } catch {
    return null;
  }
}
