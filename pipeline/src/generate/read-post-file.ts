import matter from 'gray-matter';
import { StreamlogError } from '../../../core/errors.ts';

function refuse(): never {
  throw new StreamlogError(
    'validation_failed',
    'front matter must be YAML: JavaScript and CoffeeScript front matter is never evaluated',
  );
}

/**
 * Reads a post file's front matter the only safe way: YAML through js-yaml's safe schema, nothing
 * else. gray-matter picks an engine from the text after the opening `---` (`---js`, `--- JavaScript`)
 * and looks it up as `engines[name] || engines[alias(name)]`, so `engines: { js: false }` still
 * falls through to its `eval`-based JavaScript engine. Here the opening line must be exactly `---`,
 * every JavaScript/CoffeeScript name maps to a refusal, and any other language is unknown to it.
 */
export function readPostFile(text: string): { data: Record<string, unknown>; body: string } {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).replace(/\r$/, '');
  if (firstLine !== '---') {
    throw new StreamlogError(
      'validation_failed',
      'a post must start with a line holding exactly "---" (no language after it)',
    );
  }
  // Passing options also keeps gray-matter from caching the file by its content.
  const file = matter(text, {
    language: 'yaml',
    engines: {
      js: refuse,
      javascript: refuse,
      coffee: refuse,
      coffeescript: refuse,
      cson: refuse,
      json: refuse,
    },
  });
  const data = file.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new StreamlogError('validation_failed', 'front matter must be a YAML mapping');
  }
  return { data: data as Record<string, unknown>, body: file.content };
}
