import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeHighlightPlugin } from '../../../site/lib/code-highlight.ts';
import { isAllowedUrl, markdownSafety, markdownSafetyPlugin } from '../../../site/lib/markdown-safety.ts';
import { propertyRuns } from '../../lib/property-runs.ts';
import { htmlDangers } from './html-dangers.ts';
import { renderMarkdown as render } from './site-markdown.ts';

const BANNED_TAGS = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'style',
  'form',
  'frame',
  'base',
  'link',
  'meta',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'cite',
  'action',
  'formaction',
  'poster',
  'srcset',
  'longdesc',
  'xlink:href',
]);

/**
 * What must never reach a page: executable or framing elements, event handlers, inline styles and
 * URLs with a scheme other than http(s)/mailto. The serializer escapes every `<` in text, so each
 * literal `<` in the output opens a real tag, and quoting is always `"`.
 */
function dangersIn(html: string): string[] {
  const found: string[] = [];
  for (const [, name = '', attrs = ''] of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    if (BANNED_TAGS.has(name.toLowerCase())) found.push(`<${name}>`);
    for (const [, attr = '', value = ''] of attrs.matchAll(/([^\s="]+)(?:="([^"]*)")?/g)) {
      const key = attr.toLowerCase();
      if (key.startsWith('on') || key === 'style') found.push(`${name}[${attr}]`);
      const url = value
        .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these inside a scheme
        .replace(/[\u0000-\u0020\u007f]+/g, '');
      const scheme = /^([^/?#]*?):/.exec(url)?.[1]?.toLowerCase();
      if (URL_ATTRIBUTES.has(key) && scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) {
        found.push(`${name}[${attr}=${value}]`);
      }
    }
  }
  return found;
}

describe('markdown sanitizing', () => {
  it.each([
    ['a script element', "<script>alert('x')</script>"],
    ['an inline event handler', '<img src=x onerror="alert(1)">'],
    ['a handler on a harmless tag', '<b onclick="alert(1)">bold</b>'],
    ['an iframe', '<iframe src="https://evil.example/"></iframe>'],
    ['an svg with onload', '<svg onload=alert(1)></svg>'],
    ['a raw javascript link', '<a href="javascript:alert(1)">x</a>'],
    ['a markdown javascript link', '[x](javascript:alert(1))'],
    ['a mixed-case markdown link', '[x](JaVaScRiPt:alert(1))'],
    ['an entity-encoded scheme', '[x](&#106;avascript:alert(1))'],
    ['a tab inside the scheme', '[x](java&#9;script:alert(1))'],
    ['a reference-style link', '[x][r]\n\n[r]: javascript:alert(1)'],
    ['an autolink', '<javascript:alert(1)>'],
    ['a markdown image', '![x](javascript:alert(1))'],
    ['a data: URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a vbscript: URL', '[x](vbscript:msgbox(1))'],
    ['a style element', '<style>body{display:none}</style>'],
    ['a form', '<form action="https://evil.example"><button>go</button></form>'],
    ['an HTML comment hiding a script', '<!-- --><script>alert(1)</script>'],
    ['inline raw HTML inside a paragraph', 'text <img src=x onerror=alert(1)> text'],
    // Astro's Prism path would interpolate the fence language into HTML unescaped.
    ['markup injected through a code fence language', '```x"><img/src/onerror=alert(1)>\ncode\n```'],
    ['a handler injected through a code fence language', '```x"/onmouseover="alert(1)\ncode\n```'],
  ])('removes %s', async (_, markdown) => {
    const html = await render(`Before\n\n${markdown}\n\nAfter`);
    expect(dangersIn(html)).toEqual([]);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).toContain('After');
  });

  it('keeps web, mailto, relative and fragment links', async () => {
    const html = await render('[a](https://example.com/x) [b](mailto:m@example.com) [c](/posts/x/) [d](#clips)');
    expect(html).toContain('<a href="https://example.com/x">a</a>');
    expect(html).toContain('<a href="mailto:m@example.com">b</a>');
    expect(html).toContain('<a href="/posts/x/">c</a>');
    expect(html).toContain('<a href="#clips">d</a>');
  });

  it('keeps ordinary markdown: emphasis, lists, tables, code and footnotes that still link', async () => {
    const html = await render(
      '**bold** _em_ `code`\n\n- one\n- [x] done\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```js\nconst a = "<b>";\n```\n\nNote[^1]\n\n[^1]: The note.',
    );
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<table>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain('<span class="token string">"&lt;b&gt;"</span>');
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
  });

  it('keeps Prism highlighting: language and token classes on code blocks', async () => {
    const html = await render('```js\nconst a = 1;\n```');
    expect(html).toContain('<pre class="language-js"><code class="language-js">');
    expect(html).toContain('<span class="token keyword">const</span>');
  });

  it("keeps a link's markdown attributes and nothing else", async () => {
    const html = await render('[a](https://example.com "T")\n\n![i](https://example.com/i.png "P")');
    expect(html).toContain('<a href="https://example.com" title="T">a</a>');
    expect(html).toContain('<img src="https://example.com/i.png" alt="i" title="P">');
  });

  it('tells relative and allowed-scheme URLs from the rest, as browsers read them', () => {
    const schemes = ['http', 'https'];
    for (const ok of ['https://x.example', 'HTTP://x', '/a:b', '?q=a:b', '#a:b', 'page', 'a/b:c'])
      expect(isAllowedUrl(ok, schemes), ok).toBe(true);
    for (const bad of ['javascript:x', 'JavaScript:x', 'java\tscript:x', ' javascript:x', 'data:x', 'mailto:x'])
      expect(isAllowedUrl(bad, schemes), bad).toBe(false);
  });

  it('finds the dangers it looks for', () => {
    expect(dangersIn('<p><a href="javascript:x">a</a><img src="x" onerror="y"><iframe></iframe></p>')).toEqual([
      'a[href=javascript:x]',
      'img[onerror]',
      '<iframe>',
    ]);
    expect(dangersIn('<p>&lt;script&gt; javascript:alert(1)</p>')).toEqual([]);
  });

  it('never lets markup, handlers or script URLs through, whatever surrounds them, whatever surrounds it', async () => {
    const hostile = fc.constantFrom(
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<iframe src=//evil.example>',
      '[x](javascript:alert(1))',
      '![x](javascript:alert(1))',
      '<a href=javascript:alert(1)>x</a>',
      '<div onmouseover="alert(1)">x</div>',
      '<details open ontoggle=alert(1)>',
      '[x](  javascript:alert(1)  )',
      '<svg><script>alert(1)</script></svg>',
      '\n```x"><img/src/onerror=alert(1)>\ncode\n```\n',
      '\n~~~js"/onclick="alert(1)\nlet a\n~~~\n',
    );
    const filler = fc.constantFrom('', '\n\n', ' ', '# ', '> ', '- ', '`', '**', '[', ']', '(', ')', '\n', 'text', '|');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(hostile, filler, fc.string()), { maxLength: 12 }), async (parts) => {
        const html = await render(parts.join(''));
        expect(dangersIn(html)).toEqual([]);
        expect(htmlDangers(html)).toEqual([]);
      }),
      { numRuns: propertyRuns(300, process.env.FC_RUNS) },
    );
  });
});

describe('markdownSafety()', () => {
  type Setup = (options: { config: unknown }) => void;
  const setup = (markdown: unknown) =>
    (markdownSafety().hooks['astro:config:setup'] as unknown as Setup)({ config: { markdown } });
  const satteri = (options: object) => ({ name: 'satteri', options: { hastPlugins: [], features: {}, ...options } });

  it('adds the highlighter and then the safety plugin to the satteri processor', () => {
    const processor = satteri({});
    setup({ syntaxHighlight: false, processor });
    expect(processor.options.hastPlugins).toEqual([codeHighlightPlugin, markdownSafetyPlugin]);
  });

  it("refuses another processor, raw HTML parsed into elements, or Astro's own highlighting", () => {
    expect(() => setup({ syntaxHighlight: false, processor: { name: 'unified', options: {} } })).toThrow(
      /satteri processor only/,
    );
    expect(() => setup({ syntaxHighlight: false, processor: satteri({ features: { rawHtml: true } }) })).toThrow(
      /rawHtml off/,
    );
    expect(() => setup({ syntaxHighlight: 'prism', processor: satteri({}) })).toThrow(/syntaxHighlight to false/);
  });
});
