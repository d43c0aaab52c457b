import { isStreamlogError, StreamlogError } from '../../../core/errors.ts';
import { backoff } from '../../../core/time/backoff.ts';
import type { JsonGeneration } from './ports.ts';

/** How a text adapter retries a call that may succeed soon (Workers AI 3040 capacity, 3007, 5xx, timeouts). */
export interface RetryPolicy {
  /** Extra attempts after the first (default 2, so at most 3 calls). */
  retries?: number;
  /** Wait before the first retry; doubles each time (default 500 ms). */
  backoffMs?: number;
  /** Injected for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRIES = 2;
const DEFAULT_BACKOFF_MS = 500;

/**
 * The Workers AI text-generation input in JSON mode. Temperature 0 by default: the same facts should
 * give the same post, which keeps re-runs idempotent in practice.
 */
export function jsonModeInput(request: JsonGeneration, temperature: number): Record<string, unknown> {
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw new StreamlogError('validation_failed', 'a text generation needs at least one message');
  }
  if (!Number.isInteger(request.max_tokens) || request.max_tokens <= 0) {
    throw new StreamlogError('validation_failed', `max_tokens must be a positive integer, got ${request.max_tokens}`);
  }
  return {
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    max_tokens: request.max_tokens,
    temperature,
    response_format: { type: 'json_schema', json_schema: request.schema },
  };
}

/**
 * The object a JSON-mode answer carries. Workers AI hands `response` back as an object (documented
 * JSON mode) or, with some models and versions, as a JSON string, sometimes inside a ```json fence.
 * Anything else is a non-retryable `upstream_rejected`: asking again rarely fixes a model that does
 * not follow the schema, and the caller falls back to the offline provider. The model's text is
 * never copied into the error (it is untrusted and may be long).
 */
export function jsonFromTextOutput(output: unknown, model: string): Record<string, unknown> {
  const response = isRecord(output) ? output.response : undefined;
  if (isRecord(response)) return response;
  if (typeof response === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripFence(response));
    } catch {
      throw rejected(model, 'response is not valid JSON', response.length);
    }
    if (isRecord(parsed)) return parsed;
    throw rejected(model, 'response is JSON but not an object', response.length);
  }
  throw rejected(model, `response is ${response === null ? 'null' : typeof response}, not an object`, null);
}

/** Runs `call`, retrying retryable upstream failures (outages and timeouts) with doubling backoff. */
export async function withRetries<T>(call: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
  const retries = Math.max(0, policy.retries ?? DEFAULT_RETRIES);
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= retries || !worthRetrying(error)) throw error;
      await sleep(backoff(attempt + 1, policy.backoffMs ?? DEFAULT_BACKOFF_MS));
    }
  }
}

function worthRetrying(error: unknown): boolean {
  return isStreamlogError(error, 'upstream_unavailable') || isStreamlogError(error, 'upstream_timeout');
}

function stripFence(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```[A-Za-z]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/.exec(trimmed);
  return fenced ? (fenced[1] ?? '') : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejected(model: string, reason: string, length: number | null): StreamlogError {
  return new StreamlogError('upstream_rejected', `Workers AI ${model} did not return a JSON object: ${reason}`, {
    service: 'workers-ai',
    model,
    ...(length === null ? {} : { response_chars: length }),
  });
}
