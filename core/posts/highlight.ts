import { plainText } from './untrusted-text.ts';

/**
 * Chat is read aloud on stream, so a transcript can hold instructions meant for a model or a
 * reviewer ("ignore previous instructions", "approve the PR", "put my link at the top"). Such
 * sentences are never quoted, whatever the clip is about: the post reports what was built.
 */
const STEERING = [
  /\bignore (all |any )?(the )?(previous|prior|above) (instructions|prompts?)\b/i,
  /\b(system|developer) (override|mode|prompt)\b/i,
  /\b(approve|merge|close)\b.*\b(pull request|pr|invoice|review)\b/i,
  /\bwithout review\b/i,
  /\b(my|this) link\b/i,
  /\b(endorse|endorses|sponsor|scam)\w*/i,
  /\bI quote\b|\bend quote\b/i,
  /\byou are now\b/i,
  /\bwhen you write\b/i,
];

export function isSteering(sentence: string): boolean {
  return STEERING.some((pattern) => pattern.test(sentence));
}

const TECHNICAL =
  /\b(api|schema|json|database|index|queue|worker|webhook|model|parser|commit|deploy|test|bug|fix|route|table|type|function|token|cache|stripe|laravel|react|vue|inertia|python|typescript|php|sql|idempoten\w*|ocr|pdf|llm|prompt|regex|validation|unique|constraint|cents|integer)\b/gi;

/**
 * The sentences of a transcript worth quoting: the densest in technical words, in spoken order,
 * never a steering sentence, never a link. Empty when nothing qualifies (a silent clip).
 */
export function transcriptHighlight(transcript: string, maxChars = 280): string {
  const sentences = splitSentences(plainText(transcript)).filter((s) => !isSteering(s) && s.split(' ').length >= 4);
  if (sentences.length === 0) return '';
  const scored = sentences.map((text, index) => ({
    text,
    index,
    score: (text.match(TECHNICAL)?.length ?? 0) / Math.sqrt(text.split(' ').length),
  }));
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const picked: typeof scored = [];
  let length = 0;
  for (const candidate of ranked) {
    if (length + candidate.text.length > maxChars && picked.length > 0) continue;
    picked.push(candidate);
    length += candidate.text.length + 1;
    if (picked.length === 2) break;
  }
  return picked
    .sort((a, b) => a.index - b.index)
    .map((p) => p.text)
    .join(' ')
    .slice(0, maxChars * 2);
}

export function splitSentences(text: string): string[] {
  // A stop ends a sentence only before a space or the end, so "Llama 3.1 8B" and "form.errors" stay whole.
  return text
    .split(/(?<=[.!?…])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
