import { PostFrontmatter } from '../schemas/post.ts';

/** Every key a post's front matter may hold, in the schema's order: the only keys ever written. */
export const FRONTMATTER_KEYS = Object.keys(PostFrontmatter.shape) as (keyof PostFrontmatter)[];

/**
 * Writes post front matter as YAML in which every string is a double-quoted scalar with every
 * special character escaped, keys in a fixed order from the schema, never from the data. A title
 * holding `"\n---\ndraft: true` or `: ` stays one string: nothing in a value can add, end or change
 * a key. (JSON strings are YAML double-quoted scalars; only line separators and other characters
 * YAML treats specially are escaped on top.)
 */
export function serializeFrontmatter(data: PostFrontmatter): string {
  const lines = ['---'];
  const put = (key: string, value: unknown, indent = '') => {
    if (value === undefined) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      lines.push(`${indent}${key}:`);
      for (const [k, v] of Object.entries(value)) put(k, v, `${indent}  `);
      return;
    }
    lines.push(`${indent}${key}: ${scalar(value)}`);
  };
  // The schema's own order, so files diff cleanly from run to run.
  for (const key of FRONTMATTER_KEYS) put(key, data[key]);
  lines.push('---');
  return `${lines.join('\n')}\n`;
}

function scalar(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(scalar).join(', ')}]`;
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('front matter numbers must be finite');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new TypeError(`front matter cannot hold ${typeof value}`);
}

function quoted(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u00a0\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
