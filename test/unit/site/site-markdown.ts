import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import { codeHighlightPlugin } from '../../../site/lib/code-highlight.ts';
import { markdownSafetyPlugin } from '../../../site/lib/markdown-safety.ts';

/**
 * Astro's own Sätteri processor, configured as astro.config.mjs and `markdownSafety()` configure
 * it: GFM, smart punctuation, Astro's highlighting off, the site's highlighter then the safety plugin.
 */
const processor = await createSatteriMarkdownProcessor({
  syntaxHighlight: false,
  gfm: true,
  smartypants: true,
  hastPlugins: [codeHighlightPlugin, markdownSafetyPlugin],
});

/** A post body as the blog renders it: HTML. */
export async function renderMarkdown(markdown: string): Promise<string> {
  return (await processor.render(markdown)).code;
}
