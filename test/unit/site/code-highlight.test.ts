import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import { describe, expect, it } from 'vitest';
import { codeHighlightPlugin } from '../../../site/lib/code-highlight.ts';

const ours = await createSatteriMarkdownProcessor({ syntaxHighlight: false, hastPlugins: [codeHighlightPlugin] });
/** Astro's own Prism path, the reference for well-formed fences. */
const astros = await createSatteriMarkdownProcessor({ syntaxHighlight: 'prism' });

const render = async (markdown: string) => (await ours.render(markdown)).code;

describe('code highlighting', () => {
  it.each([
    ['php', '<div><?php echo "hi"; // c ?></div>'],
    ['ts', 'const a: number = 1; // note'],
    ['typescript', 'type A = { b?: string };'],
    ['js', 'const s = "x" + y; // `tick`'],
    ['bash', 'echo "$HOME" | grep -v x'],
    ['json', '{"a": [1, true, null]}'],
    ['html', '<p class="x">&amp; <b>hi</b></p>'],
    ['sql', "SELECT * FROM t WHERE a = 'x';"],
    ['unknownlang', 'x < y && z'],
    ['', 'plain < text'],
  ])('renders a %s fence as Astro’s Prism path does', async (lang, code) => {
    const markdown = `\`\`\`${lang}\n${code}\n\`\`\`\n`;
    const astro = (await astros.render(markdown)).code.replace(/ data-language="[^"]*"/g, '');
    expect(await render(markdown)).toBe(astro);
  });

  it('treats a fence language that is not a language name as plain text', async () => {
    const html = await render('```x"><img/src/onerror=alert(1)>\nq < r\n```\n');
    expect(html).toBe('<pre class="language-plaintext"><code class="language-plaintext">q &lt; r</code></pre>\n');
  });

  it('keeps markup in highlighted code as text', async () => {
    const html = await render('```html\n<script>alert(1)</script>\n```\n');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;</span>script</span>');
  });
});
