/**
 * Untrusted text (clip titles, transcripts, commit messages, issue titles, model output) enters a
 * post only through these functions. They produce plain text that markdown shows as written: no
 * link, no HTML, no emphasis, no heading, no list, whatever the input held.
 */

// Bare URLs, `www.` hosts, e-mail addresses and things that look like domains (`scamcoin.example`)
// would become autolinks or tempt a reader; a post links only to what the pipeline itself chose.
// "Not after a letter or digit" rather than `\b`: GFM autolinks `www.` and `https://` right after
// `_`, which `\b` counts as a word character (`fix_www.evil.site`).
const URL_LIKE =
  /(?<![a-z0-9])(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+|[a-z0-9.+_-]+@[a-z0-9_-]+(?:\.[a-z0-9_-]+)+\S*|(?<![a-z0-9])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|dev|app|xyz|gg|tv|me|co|ly|link|example|info|biz|ru|cn)\b\S*/gi;
// C0/C1 controls, bidi overrides and zero-width characters can hide text or reorder it.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Emoji and pictographs add nothing to a title and break slugs.
const PICTOGRAPHS = /[\p{Extended_Pictographic}\u{1f1e6}-\u{1f1ff}\ufe0f\u20e3]/gu;

/** Removes bare URLs and domain-like words: no channel a reader sees may carry a link from untrusted text. */
export function withoutLinks(text: string): string {
  return text.replace(URL_LIKE, '');
}

/** Removes links and invisible characters and folds whitespace: the safe core of every other helper. */
export function plainText(text: string): string {
  return text.replace(INVISIBLE, '').replace(URL_LIKE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Plain text without emoji, tags or emphasis markers, for titles and headings: a clip titled
 * `**idempotency** <b>keys</b>` reads "idempotency keys" (still escaped wherever it is rendered).
 */
export function plainTitle(text: string): string {
  return plainText(
    text
      .replace(PICTOGRAPHS, '')
      .replace(/<\/?[a-z][^>]*>/gi, ' ')
      .replace(/[*_`~]{1,3}/g, ''),
  )
    .replace(/\s+([,.:;!?)\]])/g, '$1')
    .replace(/([([])\s+/g, '$1')
    .replace(/\(\)|\[\]/g, '')
    .replace(/^[\s\-–—:,.]+|[\s\-–—:,]+$/g, '');
}

/** Shortens at a word boundary, with an ellipsis when anything was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

// Every character that can start markdown or HTML inside a line (emphasis, code, links, images,
// tags, entities, headings, lists, tables, strikethrough). A backslash before ASCII punctuation
// always shows the punctuation itself, so over-escaping is harmless. Links are already gone.
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>#+\-!|~&]/g;
// "1. " or "1) " at the start of a line would start an ordered list.
const LIST_NUMBER = /^(\d+)([.)])/;

/** Untrusted text as inline markdown that renders exactly as the text, on one line. */
export function markdownText(text: string, max = 500): string {
  return truncate(plainText(text), max)
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(LIST_NUMBER, '$1\\$2');
}

/** Untrusted text as a markdown block quote (one paragraph). */
export function markdownQuote(text: string, max = 400): string {
  return `> ${markdownText(text, max)}`;
}

/** A code span that cannot be broken out of: the text never holds a backtick. */
export function markdownCode(text: string): string {
  return `\`${plainText(text).replaceAll('`', "'")}\``;
}
