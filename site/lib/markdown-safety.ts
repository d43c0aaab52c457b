import type { AstroIntegration } from 'astro';
import type { Element, Root } from 'hast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';

/**
 * Render-time safety for post bodies. Posts are reviewed markdown, but they quote untrusted text
 * (clip titles, transcripts, commit messages, model output), so no rendered body may carry raw
 * HTML, `<script>`, `<iframe>`, event handlers, `style`, or a URL whose scheme is not http(s)
 * (or mailto for links).
 *
 * With Sätteri's `rawHtml` off (the default, enforced by `markdownSafety()`), markdown syntax alone
 * can only produce a fixed set of elements whose attribute names the converter chooses. Untrusted
 * text reaches three places only, and the plugin below covers each:
 *
 * 1. **Raw HTML** (block or inline) stays an opaque `raw` node: removed whole.
 * 2. **URLs** in links and images (`[x](…)`, references, autolinks, footnotes): `href` and `src`
 *    are dropped unless their scheme is allowed. Entities are already decoded in the tree, so
 *    `&#106;avascript:` is seen as `javascript:`.
 * 3. **Code blocks.** Astro's Prism highlighter builds each `<pre>` from an HTML string that
 *    interpolates the fence's language unescaped, so ```` ```x"><img onerror=…> ```` injects
 *    markup. Each `<pre>` subtree is run through `rehype-sanitize` with the allow-list below.
 *
 * As a backstop, elements that have no business in a post (script, iframe, style, …) are removed
 * wherever they come from. Sätteri filters visitors by tag in Rust, so only the few matching nodes
 * cross into JavaScript; materializing every tree for a whole-document sanitize cost about 0.6 s
 * per 1,000 posts (docs/blog.md, "Build speed").
 */
export const markdownSanitizeSchema = {
  ...defaultSchema,
  // Sätteri already prefixes footnote ids; a second prefix would break the footnote links. `name`
  // stays out of the allow-list, so no clobbering.
  clobberPrefix: '',
  attributes: {
    ...defaultSchema.attributes,
    '*': (defaultSchema.attributes?.['*'] ?? []).filter((name) => name !== 'name' && name !== 'action'),
    // Prism's highlighted code: language and token classes only (no `style` anywhere).
    pre: [['className', /^language-[\w+#.-]+$/]],
    code: [['className', /^language-[\w+#.-]+$/]],
    span: [['className', /^(?:token|[a-z][\w-]*)$/]],
  },
  protocols: {
    ...defaultSchema.protocols,
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
  },
} satisfies typeof defaultSchema;

const LINK_SCHEMES = markdownSanitizeSchema.protocols.href;
const IMAGE_SCHEMES = markdownSanitizeSchema.protocols.src;

/** Elements removed wherever they appear: none can come from markdown syntax. */
export const FORBIDDEN_TAGS = [
  'script',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'style',
  'link',
  'meta',
  'base',
  'form',
  'button',
  'textarea',
  'select',
  'template',
  'svg',
  'math',
  'video',
  'audio',
  'source',
  'portal',
];

/**
 * Whether a URL is relative or uses one of `schemes`. The same test as hast-util-sanitize: a
 * colon before any `/`, `?` or `#` starts a scheme. Browsers ignore tabs and newlines inside a
 * scheme, but then the scheme (`java\tscript`) is simply not on the list.
 */
export function isAllowedUrl(url: string, schemes: readonly string[]): boolean {
  const colon = url.indexOf(':');
  if (colon === -1) return true;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop);
    if (at !== -1 && at < colon) return true;
  }
  return schemes.includes(url.slice(0, colon).toLowerCase());
}

const sanitizeTree = rehypeSanitize(markdownSanitizeSchema) as unknown as (tree: Root) => Root;

interface VisitorContext {
  removeNode(node: unknown): void;
  setProperty(node: unknown, key: string, value: unknown): void;
  replaceNode(node: unknown, replacement: unknown): void;
}

/** Drops the URL property when its scheme is not allowed. */
function guardUrl(node: Readonly<Element>, ctx: VisitorContext, property: 'href' | 'src', schemes: readonly string[]) {
  const value = node.properties?.[property];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !isAllowedUrl(value, schemes)) ctx.setProperty(node, property, null);
}

/**
 * A plain copy of a (lazily materialized) Sätteri subtree that hast-util-sanitize can walk: elements
 * and text only, since nothing else belongs in a code block.
 */
function plain(node: Readonly<Element>): Element {
  const properties: Element['properties'] = {};
  for (const [key, value] of Object.entries(node.properties ?? {})) {
    properties[key] = Array.isArray(value) ? [...value] : value;
  }
  const children: Element['children'] = [];
  for (const child of node.children) {
    if (child.type === 'element') children.push(plain(child));
    else if (child.type === 'text') children.push({ type: 'text', value: child.value });
  }
  return { type: 'element', tagName: node.tagName, properties, children };
}

/**
 * A Sätteri HAST plugin (Astro 7's default markdown processor). It must run after syntax
 * highlighting, which `markdownSafety()` ensures by appending it to the user plugins (Astro runs
 * its highlighter first).
 */
export const markdownSafetyPlugin = {
  name: 'streamlog-markdown-safety',
  raw(node: unknown, ctx: VisitorContext) {
    ctx.removeNode(node);
  },
  element: [
    { filter: ['a'], visit: (node: Readonly<Element>, ctx: VisitorContext) => guardUrl(node, ctx, 'href', LINK_SCHEMES) },
    { filter: ['img'], visit: (node: Readonly<Element>, ctx: VisitorContext) => guardUrl(node, ctx, 'src', IMAGE_SCHEMES) },
    {
      filter: ['pre'],
      visit(node: Readonly<Element>, ctx: VisitorContext) {
        const clean = sanitizeTree({ type: 'root', children: [plain(node)] });
        ctx.replaceNode(node, clean.children);
      },
    },
    {
      filter: FORBIDDEN_TAGS,
      visit(node: Readonly<Element>, ctx: VisitorContext) {
        ctx.removeNode(node);
      },
    },
  ],
};

interface SatteriOptions {
  hastPlugins?: unknown[];
  features?: { rawHtml?: boolean };
}

function refuseRawHtml(options: SatteriOptions): void {
  if (options.features?.rawHtml) {
    throw new Error('markdown-safety needs the satteri feature rawHtml off: raw HTML must stay opaque to be removed');
  }
}

/**
 * Adds `markdownSafetyPlugin` to the default Sätteri processor. Fails the build if another
 * processor is configured, or if raw HTML would be parsed into elements (the plugin relies on it
 * staying opaque), rather than silently rendering unsanitized markdown.
 */
export function markdownSafety(): AstroIntegration {
  return {
    name: 'streamlog:markdown-safety',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const processor = config.markdown.processor as { name: string; options: SatteriOptions };
        if (processor.name !== 'satteri' || !Array.isArray(processor.options.hastPlugins)) {
          throw new Error(`markdown-safety supports the satteri processor only, not "${processor.name}"`);
        }
        refuseRawHtml(processor.options);
        processor.options.hastPlugins.push(markdownSafetyPlugin);
      },
      // Again once every integration has had its say.
      'astro:config:done': ({ config }) => {
        refuseRawHtml((config.markdown.processor as { options: SatteriOptions }).options);
      },
    },
  };
}
