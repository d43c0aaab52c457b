import fc from 'fast-check';
import { type DefaultTreeAdapterTypes, parseFragment } from 'parse5';
import { describe, expect, it } from 'vitest';
import { composePost, postFile } from '../../../core/posts/compose.ts';
import { isAllowedLink } from '../../../core/posts/link-policy.ts';
import { markdownText } from '../../../core/posts/untrusted-text.ts';
import { readPostFile } from '../../../pipeline/src/generate/read-post-file.ts';
import { hostileText, PAYLOADS } from '../../lib/hostile-text.ts';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';
import { hostilePost, SITE_URL } from '../posts/hostile-post.ts';
import { htmlDangers } from './html-dangers.ts';
import { renderMarkdown } from './site-markdown.ts';

/**
 * Markdown safety end to end: untrusted text (clip titles, transcripts, commit messages, PR and
 * release text, match reasons, model prose) composed into a post by core/posts, written to its
 * file, read back, and rendered by the blog's own markdown pipeline; the HTML is then parsed with
 * parse5, as a browser would parse it. No script, handler, script URL, frame, object, embed or
 * style; no element the composer does not make (so no raw HTML got through); links only to
 * Twitch, GitHub and the blog. Raw hostile markdown (a post edited by hand) is checked the same way.
 */
const runs = (bounded: number) => propertyRuns(bounded, process.env.FC_RUNS);

/** Every element a composed post can render to: paragraphs, headings, links, quotes, code, lists, bold. */
const COMPOSER_TAGS = new Set(['p', 'h2', 'h3', 'a', 'blockquote', 'code', 'strong', 'ul', 'li']);

function links(html: string): string[] {
  const hrefs: string[] = [];
  const visit = (node: DefaultTreeAdapterTypes.Node) => {
    if ('tagName' in node && node.tagName === 'a') hrefs.push(node.attrs.find((a) => a.name === 'href')?.value ?? '');
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  for (const node of parseFragment(html).childNodes) visit(node);
  return hrefs;
}

describe('hostile text through composition and the blog renderer', { timeout: propertyTimeout(runs(200)) }, () => {
  it('renders a composed post with no script, no raw HTML and links only to Twitch, GitHub and the blog', async () => {
    await fc.assert(
      fc.asyncProperty(hostilePost, async ({ facts, prose, provenance }) => {
        const { body } = readPostFile(postFile(composePost(facts, prose, provenance)));
        const html = await renderMarkdown(body);
        expect(htmlDangers(html, COMPOSER_TAGS)).toEqual([]);
        for (const href of links(html)) expect(isAllowedLink(href, SITE_URL), href).toBe(true);
      }),
      { numRuns: runs(100) },
    );
  });

  it('renders any hostile markdown body with no script, handler, script URL, frame or style', async () => {
    const syntax = fc.constantFrom(
      '',
      '\n\n',
      ' ',
      '# ',
      '> ',
      '- ',
      '1. ',
      '`',
      '```',
      '**',
      '[',
      '](',
      ')',
      '<',
      '|',
    );
    const scheme = fc
      .tuple(
        fc.constantFrom('javascript', 'JaVaScRiPt', 'vbscript', 'data'),
        fc.constantFrom('', '\t', '&#9;', '&#x0A;'),
      )
      .map(([name, gap]) => `${name.slice(0, 4)}${gap}${name.slice(4)}:alert(1)`);
    const linked = fc
      .tuple(
        fc.constantFrom('[x](', '![x](', '<a href="', '<img src="', '[x]: ', '<'),
        scheme,
        fc.constantFrom(')', '">', '>', ''),
      )
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(syntax, linked, fc.constantFrom(...PAYLOADS), hostileText), { maxLength: 14 }),
        async (parts) => {
          expect(htmlDangers(await renderMarkdown(parts.join('')))).toEqual([]);
        },
      ),
      { numRuns: runs(200) },
    );
  });

  // Found by the long form of the property above: GFM autolinks `www.`, `https://` and e-mail
  // addresses right after `_` (which `\b` counted as part of a word), so untrusted text could still
  // put a live link, to any host, into a post.
  it.each([
    'fix_www.attacker.site',
    'x_https://evil.site/login',
    '__lookupSetter__www.evil.example<img src=x>',
    'mail joe@evil.site now',
    'a_b@c.site',
    'xmpp:a@b.site',
    'mailto:a@b.site',
    '(www.evil.site)',
    '~https://evil.site',
  ])('renders untrusted %j with no link at all', async (text) => {
    const html = await renderMarkdown(markdownText(text));
    expect(links(html)).toEqual([]);
    expect(htmlDangers(html, COMPOSER_TAGS)).toEqual([]);
  });

  it('has a checker that finds what it looks for', () => {
    expect(
      htmlDangers(
        '<p><a href=" java\tscript:x">a</a><img src=x onerror=y><iframe></iframe><!-- c --><b>raw</b><STYLE>x</STYLE></p>',
        COMPOSER_TAGS,
      ),
    ).toEqual([
      'a[href= java\tscript:x]',
      '<img> (not made by the composer)',
      'img[onerror]',
      '<iframe>',
      '<!--comment-->',
      '<b> (not made by the composer)',
      '<style>',
    ]);
    expect(htmlDangers('<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p>')).toEqual([]);
  });
});
