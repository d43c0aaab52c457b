import { WORKERS_AI_TEST_CREDENTIALS } from './workers-ai-credentials.ts';

/**
 * Paths and bodies of the fake Workers AI text-generation route (workers-ai-server.ts), shared with
 * tests in workerd, so this module uses nothing from Node.
 */
export const TEXT_MODEL = '@cf/meta/llama-3.1-8b-instruct';

/** `POST` path of a model's run endpoint on the fake server. */
export function runPath(model: string): string {
  return `/client/v4/accounts/${WORKERS_AI_TEST_CREDENTIALS.account_id}/ai/run/${model}`;
}

/** The REST error envelope Workers AI answers with (`errors[{code, message}]`). */
export function errorEnvelope(code: number, message: string): Record<string, unknown> {
  return { result: null, success: false, errors: [{ code, message }], messages: [] };
}

/** The REST success envelope around a model's output. */
export function resultEnvelope(result: unknown): Record<string, unknown> {
  return { result, success: true, errors: [], messages: [] };
}

/** Workers AI errors as the REST API sends them (codes from test/fixtures/workers-ai/errors.json). */
export const AI_ERRORS = {
  capacity: { status: 429, body: errorEnvelope(3040, 'Capacity temporarily exceeded, please try again.') },
  dailyAllocation: {
    status: 429,
    body: errorEnvelope(3036, 'You have used up your daily free allocation of 10,000 neurons.'),
  },
  timeout: { status: 408, body: errorEnvelope(3007, 'Request timeout') },
  invalidInput: { status: 400, body: errorEnvelope(5006, 'Invalid input') },
  noSuchModel: (model: string) => ({ status: 400, body: errorEnvelope(5007, `No such model ${model} or task`) }),
} as const;
