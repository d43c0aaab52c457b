import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface ElementMatch {
  tag: string;
  /** The opening tag, attributes included. */
  open: string;
  /** Text up to the matching close tag, for raw-text elements (script, style, title). */
  text: string;
}

/**
 * Opening tags of `html`, found the way a browser tokenizes them: a `<` inside a quoted attribute
 * value (where Astro leaves it, escaping only quotes and `&`) does not start a tag, so untrusted
 * text inside attributes is never mistaken for markup.
 */
export function elements(html: string): ElementMatch[] {
  const found: ElementMatch[] = [];
  const tag = /<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    const name = (match[1] ?? '').toLowerCase();
    let text = '';
    if (name === 'script' || name === 'style' || name === 'title') {
      const close = html.toLowerCase().indexOf(`</${name}`, tag.lastIndex);
      text = html.slice(tag.lastIndex, close === -1 ? undefined : close);
      if (close !== -1) tag.lastIndex = close;
    }
    found.push({ tag: name, open: match[0], text });
  }
  return found;
}

/** The value of attribute `name` in an opening tag, entity `&amp;` and `&quot;` decoded. */
export function attribute(open: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(open);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value?.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

/** Every HTML file under `dir`, relative paths. */
export async function htmlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.html')).sort();
}

/** The text Pagefind indexed: every fragment of the built search index, decompressed. */
export async function searchIndexText(clientDir: string): Promise<string> {
  const dir = join(clientDir, 'pagefind', 'fragment');
  const files = await readdir(dir);
  const texts = await Promise.all(
    files.map(async (file) => gunzipSync(await readFile(join(dir, file))).toString('utf8')),
  );
  return texts.join('\n');
}

/** The attribute names of an opening tag, lower-cased; quoted values are skipped, not scanned. */
export function attributeNames(open: string): string[] {
  const inner = open.replace(/^<[^\s/>]+/, '').replace(/\/?>$/, '');
  return [...inner.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)].map((m) =>
    (m[1] ?? '').toLowerCase(),
  );
}

/**
 * What would run or frame something in `html`: executable or framing elements, event handler
 * attributes, and URL attributes with a script or data scheme. Text and attribute values are not
 * markup, so hostile strings shown as text do not count.
 */
export function activeContent(html: string): string[] {
  const found: string[] = [];
  for (const el of elements(html)) {
    if (['iframe', 'svg', 'object', 'embed', 'frame', 'math', 'base'].includes(el.tag)) found.push(`<${el.tag}>`);
    for (const name of attributeNames(el.open)) {
      if (name.startsWith('on')) found.push(`${el.tag}[${name}]`);
    }
    for (const name of ['href', 'src', 'action', 'formaction', 'srcdoc', 'data-player']) {
      const value = attribute(el.open, name);
      if (value !== undefined && /^\s*(javascript|data|vbscript):/i.test(value))
        found.push(`${el.tag}[${name}=${value}]`);
    }
  }
  return found;
}
