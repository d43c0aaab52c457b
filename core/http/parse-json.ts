/** `JSON.parse`, with null for text that is not JSON (an upstream's error page, a truncated body). */
export function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
