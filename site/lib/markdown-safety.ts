import type { AstroIntegration } from 'astro';
import type { Root } from 'hast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';

/**
 * Render-time safety for post bodies. Posts are reviewed markdown, but they quote untrusted text
 * (clip titles, transcripts, commit messages, model output), so every rendered body goes through
 * `rehype-sanitize` with an allow-list: GitHub's schema, minus the schemes a reader never needs.
 * Raw HTML never survives (sanitize drops `raw` nodes), nor do `<script>`, `<iframe>`, event
 * handler attributes, `style`, or any URL whose scheme is not http(s) (or mailto for links).
 */
export const markdownSanitizeSchema = {
  ...defaultSchema,
  // Astro adds heading ids after this pass and Sätteri already prefixes footnote ids; a second
  // prefix would break the footnote links. `name` stays out of the allow-list, so no clobbering.
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

const sanitize = rehypeSanitize(markdownSanitizeSchema) as unknown as (tree: Root) => Root;

interface HastHookContext {
  replaceNode(node: unknown, replacement: unknown): void;
}

/**
 * A Sätteri HAST plugin (Astro 7's default markdown processor) that runs rehype-sanitize over the
 * whole document once every earlier plugin (syntax highlighting included) has run. Costs about
 * 0.5 ms per post (bench:build): the tree crosses from Rust to JavaScript once.
 */
export const markdownSafetyPlugin = {
  name: 'streamlog-rehype-sanitize',
  after(root: Root, ctx: HastHookContext) {
    ctx.replaceNode(root, sanitize(root));
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
