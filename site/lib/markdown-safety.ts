import type { AstroIntegration } from 'astro';
import type { Element } from 'hast';
import { codeHighlightPlugin } from './code-highlight.ts';

/**
 * Render-time safety for post bodies. Posts are reviewed markdown, but they quote untrusted text
 * (clip titles, transcripts, commit messages, model output), so no rendered body may carry raw
 * HTML, `<script>`, `<iframe>`, event handlers, `style`, or a URL whose scheme is not http(s)
 * (or mailto for links).
 *
 * With Sätteri's `rawHtml` off (the default, enforced by `markdownSafety()`), markdown syntax alone
 * can only produce a fixed set of elements whose attribute names the converter chooses. Untrusted
 * text reaches three places only, and each is covered:
 *
 * 1. **Raw HTML** (block or inline) stays an opaque `raw` node: removed whole.
 * 2. **URLs** in links and images (`[x](…)`, references, autolinks, footnotes): `href` and `src`
 *    are dropped unless their scheme is allowed, and so is any attribute a link or image should
 *    not have. Entities are already decoded in the tree, so `&#106;avascript:` is seen as
 *    `javascript:`.
 * 3. **Code blocks** are highlighted by `codeHighlightPlugin`, which builds them from text tokens.
 *    Astro's own Prism highlighter interpolates the fence language into HTML unescaped, so
 *    `markdownSafety()` refuses to run with Astro's highlighting on.
 *
 * As a backstop, elements that have no business in a post (script, iframe, style, …) are removed
 * wherever they come from. Sätteri filters visitors by tag in Rust, so only the few matching nodes
 * cross into JavaScript; materializing every tree for a whole-document rehype-sanitize cost about
 * 0.6 s per 1,000 posts (docs/blog.md, "Build speed").
 */
/** URL schemes a post may link to, and load images from; relative URLs are always fine. */
export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const;
export const IMAGE_SCHEMES = ['http', 'https'] as const;

/** Attributes (hast property names) markdown gives links and images, footnote links included. */
const LINK_PROPERTIES = new Set([
  'href',
  'title',
  'id',
  'className',
  'dataFootnoteRef',
  'dataFootnoteBackref',
  'ariaDescribedBy',
  'ariaLabel',
]);
const IMAGE_PROPERTIES = new Set(['src', 'alt', 'title']);

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

interface VisitorContext {
  removeNode(node: unknown): void;
  setProperty(node: unknown, key: string, value: unknown): void;
}

/**
 * Keeps a link's or image's markdown attributes and drops the rest; drops its URL when the scheme
 * is not allowed.
 */
function guard(
  node: Readonly<Element>,
  ctx: VisitorContext,
  url: 'href' | 'src',
  schemes: readonly string[],
  allowed: ReadonlySet<string>,
) {
  for (const [key, value] of Object.entries(node.properties ?? {})) {
    if (value === undefined || value === null) continue;
    const bad = !allowed.has(key) || (key === url && (typeof value !== 'string' || !isAllowedUrl(value, schemes)));
    if (bad) ctx.setProperty(node, key, null);
  }
}

/** A Sätteri HAST plugin (Astro 7's default markdown processor); `markdownSafety()` installs it. */
export const markdownSafetyPlugin = {
  name: 'streamlog-markdown-safety',
  raw(node: unknown, ctx: VisitorContext) {
    ctx.removeNode(node);
  },
  element: [
    {
      filter: ['a'],
      visit: (node: Readonly<Element>, ctx: VisitorContext) => guard(node, ctx, 'href', LINK_SCHEMES, LINK_PROPERTIES),
    },
    {
      filter: ['img'],
      visit: (node: Readonly<Element>, ctx: VisitorContext) => guard(node, ctx, 'src', IMAGE_SCHEMES, IMAGE_PROPERTIES),
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

interface MarkdownConfig {
  syntaxHighlight?: unknown;
  processor: { name: string; options: SatteriOptions };
}

/** What the safety plugin relies on; checked at setup and again once every integration has run. */
function checkMarkdownConfig(markdown: MarkdownConfig): void {
  if (markdown.processor.name !== 'satteri' || !Array.isArray(markdown.processor.options.hastPlugins)) {
    throw new Error(`markdown-safety supports the satteri processor only, not "${markdown.processor.name}"`);
  }
  if (markdown.processor.options.features?.rawHtml) {
    throw new Error('markdown-safety needs the satteri feature rawHtml off: raw HTML must stay opaque to be removed');
  }
  if (markdown.syntaxHighlight !== false) {
    throw new Error(
      "markdown-safety highlights code itself: set markdown.syntaxHighlight to false (Astro's Prism path lets a fence language inject markup)",
    );
  }
}

/**
 * Adds the code highlighter and the safety plugin, last, to the default Sätteri processor. Fails
 * the build rather than render unsafe markdown: another processor, `rawHtml` on, or Astro's own
 * highlighting on.
 */
export function markdownSafety(): AstroIntegration {
  return {
    name: 'streamlog:markdown-safety',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const markdown = config.markdown as MarkdownConfig;
        checkMarkdownConfig(markdown);
        markdown.processor.options.hastPlugins?.push(codeHighlightPlugin, markdownSafetyPlugin);
      },
      'astro:config:done': ({ config }) => {
        checkMarkdownConfig(config.markdown as MarkdownConfig);
      },
    },
  };
}
