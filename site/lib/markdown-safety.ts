import type { AstroIntegration } from 'astro';

/**
 * Render-time safety for post bodies. Posts are reviewed markdown, but they quote untrusted text
 * (clip titles, transcripts, commit messages, model output), so no raw HTML and no link or image
 * URL with a scheme other than http, https or mailto reaches the page.
 */

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const URL_PROPERTIES = ['href', 'src', 'cite', 'action', 'formAction', 'poster', 'srcSet'] as const;

/** Whether a URL from markdown may be emitted: relative, fragment, or an allowed scheme. */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the characters browsers drop
  const compact = url.replace(/[\u0000-\u0020\u007f]+/g, '');
  const scheme = /^([^/?#]*?):/.exec(compact)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase());
}

interface HastElementLike {
  properties?: Record<string, unknown>;
}

interface HastContext {
  removeNode(node: unknown): void;
  setProperty(node: unknown, key: string, value: unknown): void;
}

/** A Sätteri HAST plugin (Astro 7's default markdown processor). */
export const markdownSafetyPlugin = {
  name: 'streamlog-markdown-safety',
  raw(node: unknown, ctx: HastContext) {
    ctx.removeNode(node);
  },
  element: {
    filter: ['a', 'img', 'area', 'blockquote', 'q', 'del', 'ins', 'form', 'button', 'video', 'audio', 'source'],
    visit(node: HastElementLike, ctx: HastContext) {
      for (const key of URL_PROPERTIES) {
        const value = node.properties?.[key];
        if (typeof value === 'string' && !isSafeUrl(value)) ctx.setProperty(node, key, null);
      }
    },
  },
};

/**
 * Adds `markdownSafetyPlugin` to the default Sätteri processor. Fails the build if another
 * processor is configured, rather than silently rendering unsanitized markdown.
 */
export function markdownSafety(): AstroIntegration {
  return {
    name: 'streamlog:markdown-safety',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const processor = config.markdown.processor as { name: string; options: { hastPlugins?: unknown[] } };
        if (processor.name !== 'satteri' || !Array.isArray(processor.options.hastPlugins)) {
          throw new Error(`markdown-safety supports the satteri processor only, not "${processor.name}"`);
        }
        processor.options.hastPlugins.push(markdownSafetyPlugin);
      },
    },
  };
}
