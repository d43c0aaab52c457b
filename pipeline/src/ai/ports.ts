/** One chat message to a text model. Untrusted text goes only inside clearly delimited data blocks. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface JsonGeneration {
  messages: ChatMessage[];
  /** JSON Schema of the wanted object (Workers AI JSON mode, `response_format.json_schema`). */
  schema: Record<string, unknown>;
  max_tokens: number;
}

/**
 * A text model in JSON mode: Workers AI through the Worker's binding or the REST API. Returns the
 * parsed object (JSON mode may hand back `response` as an object or as a JSON string); the caller
 * validates it with zod, since model output is untrusted.
 */
export interface TextModel {
  readonly kind: 'workers-ai-binding' | 'workers-ai-rest';
  readonly model: string;
  generateJson(request: JsonGeneration): Promise<unknown>;
}

/**
 * The daily Workers AI budget, reserved atomically in D1 before each call. `reserve` answers false
 * when the reservation would go over the day's limit; the caller then falls back to the offline
 * provider and records that it did.
 */
export interface AiBudget {
  reserve(units: number): Promise<boolean>;
}
