/**
 * A side channel from the content loaders to the Pagefind integration, so the search index is
 * built and written as soon as the content has loaded, instead of after prerendering (Pagefind
 * works in its own process, in parallel with Node). Outside a build no collector is registered and `feedSearch`
 * does nothing; if the feed does not match the built pages, the integration indexes those instead.
 */
export interface SearchRecord {
  url: string;
  /** A small HTML document holding only what should be searchable; its text must be escaped. */
  html: string;
}

export interface SearchCollector {
  add(record: SearchRecord): void;
  /** Every published post has been fed. */
  end(): void;
}

const KEY = Symbol.for('streamlog.search-collector');

type WithCollector = typeof globalThis & { [KEY]?: SearchCollector };

export function registerSearchCollector(collector: SearchCollector | undefined): void {
  (globalThis as WithCollector)[KEY] = collector;
}

export function feedSearch(record: SearchRecord): void {
  (globalThis as WithCollector)[KEY]?.add(record);
}

export function endSearchFeed(): void {
  (globalThis as WithCollector)[KEY]?.end();
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text: the record holds untrusted titles. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * The searchable document of a post: title, description, the sanitized body Astro rendered, and the
 * clip titles. The same parts the post page marks with `data-pagefind-body`, minus ignored ones.
 */
export function postSearchHtml(post: {
  title: string;
  description: string;
  bodyHtml: string;
  clipTitles: readonly string[];
}): string {
  const clips = post.clipTitles.map((title) => `<h3>${escapeHtml(title)}</h3>`).join('');
  return `<!doctype html><html lang="en"><head><title>${escapeHtml(post.title)}</title></head><body><main data-pagefind-body><h1>${escapeHtml(post.title)}</h1><p>${escapeHtml(post.description)}</p>${post.bodyHtml}${clips}</main></body></html>`;
}
