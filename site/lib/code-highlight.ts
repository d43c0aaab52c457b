import { createRequire } from 'node:module';
import type { Element, ElementContent } from 'hast';
import Prism from 'prismjs';

/**
 * Syntax highlighting for fenced code in posts, as a Sätteri HAST plugin that builds each code
 * block's tree from Prism's tokens. It replaces Astro's own Prism path, which renders tokens to an
 * HTML string with the fence's language interpolated unescaped (```` ```x"><img onerror=…> ````
 * injects markup) and then parses that string back into a tree. Here the language must look like a
 * language name and every token becomes a text node, so a code block cannot carry markup, and
 * nothing is serialized and reparsed (cheaper per post). Output matches Astro's: `pre` and `code`
 * with `language-<lang>`, tokens as `span.token.<type>`.
 */

const require = createRequire(import.meta.url);
const loadLanguages = require('prismjs/components/index.js') as ((languages: string[]) => void) & { silent: boolean };
const components = require('prismjs/components.js') as {
  languages: Record<string, { alias?: string | string[] }>;
};
loadLanguages.silent = true;

/** What a fence's language may be: Prism ids and aliases look like this; anything else is text. */
const LANGUAGE_NAME = /^[\w+#.-]{1,40}$/;

/** Alias → Prism id (`ts` → `typescript`, `sh` → `bash`, …), from Prism's own component list. */
const PRISM_IDS = new Map<string, string>();
for (const [id, component] of Object.entries(components.languages)) {
  if (id === 'meta') continue;
  PRISM_IDS.set(id, id);
  for (const alias of [component.alias ?? []].flat()) PRISM_IDS.set(alias, id);
}

/** The grammar for a Prism language id, loading it on first use. */
function grammarFor(id: string): Prism.Grammar | undefined {
  if (!Prism.languages[id]) loadLanguages([id]);
  return Prism.languages[id];
}
/** Hook attribute values are HTML attribute text; the tree wants the characters. */
const decode = (html: string) =>
  html.replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name] ?? '');

/**
 * Tokens as hast: `span.token.<type>.<alias…>`, text as text nodes. Prism's `wrap` hooks run as in
 * `Prism.highlight` (markup adds a `title` to entities, for instance); they see a nested token's
 * content as empty, since no bundled hook reads it.
 */
function tokensToHast(stream: Prism.TokenStream, language: string): ElementContent[] {
  if (typeof stream === 'string') return stream === '' ? [] : [{ type: 'text', value: stream }];
  if (Array.isArray(stream)) return stream.flatMap((token) => tokensToHast(token, language));
  const env = {
    type: stream.type,
    // Prism's own encoding, which its `wrap` hooks expect token content in.
    content: typeof stream.content === 'string' ? (Prism.util.encode(stream.content) as string) : '',
    tag: 'span',
    classes: ['token', stream.type, ...[stream.alias ?? []].flat()],
    attributes: {} as Record<string, string>,
    language,
  };
  Prism.hooks.run('wrap', env);
  const properties: Record<string, string | string[]> = { className: env.classes };
  for (const [name, value] of Object.entries(env.attributes)) properties[name] = decode(value);
  return [{ type: 'element', tagName: 'span', properties, children: tokensToHast(stream.content, language) }];
}

/** The fence language from `code`'s `language-*` class, if it looks like a language name. */
function fenceLanguage(code: Readonly<Element>): string | undefined {
  const classes = code.properties?.className;
  const languageClass = Array.isArray(classes)
    ? classes.find((name): name is string => typeof name === 'string' && name.startsWith('language-'))
    : undefined;
  const lang = languageClass?.slice('language-'.length);
  return lang !== undefined && LANGUAGE_NAME.test(lang) ? lang : undefined;
}

/**
 * Prism's tokens for `text`, with the hooks `Prism.highlight` runs around tokenizing: templating
 * languages (PHP and friends, via markup-templating) tokenize their embedded parts there.
 */
function tokenize(text: string, grammar: Prism.Grammar, language: string): Prism.TokenStream {
  const env = { code: text, grammar, language, tokens: [] as Prism.TokenStream };
  Prism.hooks.run('before-tokenize', env);
  env.tokens = Prism.tokenize(env.code, env.grammar);
  Prism.hooks.run('after-tokenize', env);
  return env.tokens;
}

/**
 * A highlighted `pre > code` for `text` in `lang`, as Astro's Prism path renders it: no or a
 * malformed language gives `language-plaintext`, an unknown one its class but no tokens.
 */
export function highlightedBlock(text: string, lang = 'plaintext'): Element {
  const id = PRISM_IDS.get(lang);
  const grammar = id === undefined ? undefined : grammarFor(id);
  const className = [`language-${lang}`];
  const language = id ?? lang;
  const children = tokensToHast(grammar ? tokenize(text, grammar, language) : text, language);
  return {
    type: 'element',
    tagName: 'pre',
    properties: { className },
    children: [{ type: 'element', tagName: 'code', properties: { className: [...className] }, children }],
  };
}

interface VisitorContext {
  textContent(node: unknown): string;
}

/** Sätteri HAST plugin: every `pre > code` block is replaced by its highlighted tree. */
export const codeHighlightPlugin = {
  name: 'streamlog-code-highlight',
  element: {
    filter: ['pre'],
    visit(node: Readonly<Element>, ctx: VisitorContext): Element | undefined {
      const code = node.children.find(
        (child): child is Element => child.type === 'element' && child.tagName === 'code',
      );
      if (!code) return undefined;
      return highlightedBlock(ctx.textContent(code).replace(/\n$/, ''), fenceLanguage(code));
    },
  },
};
