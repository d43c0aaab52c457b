import { describe, expect, it } from 'vitest';
import { HOSTILE, HOSTILE_SLUG, PROBE } from '../build/hostile-content.ts';
import { freshPageEachTest } from './lib/blog-session.ts';
import { cspViolations } from './lib/browser.ts';

const blog = freshPageEachTest();

const HOSTILE_POST = `/posts/${HOSTILE_SLUG}/`;

/** Every payload either opens a dialog or logs the probe; a page that ran none of them shows neither. */
function expectNothingRan(): void {
  expect(blog.events.dialogs).toEqual([]);
  expect(
    blog.events.console.filter(
      (line) => line.includes('Content Security Policy') && !line.includes('inline event handler'),
    ),
  ).toEqual([]);
  expect(blog.events.console.filter((line) => line.includes(PROBE))).toEqual([]);
}

/** Gives the page time for anything deferred (image errors, module scripts) to run. */
async function settle(): Promise<void> {
  await blog.page.waitForLoadState('load');
  await blog.page.waitForTimeout(300);
}

describe('a post built from hostile titles, transcripts and commit messages', () => {
  it('would notice a payload that runs: the probe fires when the same code is run directly', async () => {
    await blog.page.goto(`${blog.session.site.url}/about/`);
    await blog.page.evaluate(() => {
      console.log('XSS-PROBE');
      alert(1);
    });
    await settle();
    expect(blog.events.console).toContain(PROBE);
    expect(blog.events.dialogs).toEqual(['alert: 1']);
  });

  it('blocks an inline handler even when markup gets into the page, by its content security policy', async () => {
    await blog.page.goto(`${blog.session.site.url}/about/`);
    await blog.page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), HOSTILE.clipTitle);
    await settle();
    expectNothingRan();
    expect(cspViolations(blog.events).join('\n')).toMatch(/inline event handler/);
  });

  it('runs no script and shows every payload as text', async () => {
    await blog.page.goto(`${blog.session.site.url}${HOSTILE_POST}`);
    await settle();
    expectNothingRan();
    expect(await blog.page.locator('h1').textContent()).toBe(HOSTILE.postTitle);
    expect(await blog.page.title()).toBe(`${HOSTILE.postTitle} · Streamlog`);
    const clipHeadings = await blog.page.locator('article.clip h3').allTextContents();
    expect(clipHeadings).toContain(HOSTILE.clipTitle);
    expect(clipHeadings).toContain("<script>alert('clip')</script> chat tried XSS on the overlay lol");
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what a reader sees
    const text = await blog.page.locator('main').innerText();
    expect(text).toContain('</blockquote><script>');
    expect(text).toContain(HOSTILE.commit.split('\n')[0]);
    expect(text).toContain(HOSTILE.pullTitle);
    expect(text).toContain(HOSTILE.reason);
  });

  it('leaves no element, handler or script URL from the payloads in the live DOM', async () => {
    await blog.page.goto(`${blog.session.site.url}${HOSTILE_POST}`);
    await settle();
    const active = await blog.page.evaluate(() => {
      const found: string[] = [];
      for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (attr.name.startsWith('on')) found.push(`${el.tagName}[${attr.name}]`);
          if (/^\s*(javascript|data|vbscript):/i.test(attr.value))
            found.push(`${el.tagName}[${attr.name}=${attr.value}]`);
        }
      }
      for (const el of document.querySelectorAll('iframe, svg, object, embed, frame')) found.push(el.tagName);
      for (const script of document.querySelectorAll('script')) {
        if (script.type !== 'application/ld+json' && script.textContent?.includes('XSS-PROBE')) found.push('script');
      }
      return found;
    });
    expect(active).toEqual([]);
  });

  it('plays only the Twitch player when a hostile clip is clicked, and still runs nothing', async () => {
    await blog.page.goto(`${blog.session.site.url}${HOSTILE_POST}`);
    await blog.page.getByRole('button', { name: `Play clip: ${HOSTILE.clipTitle}` }).click();
    const frame = blog.page.locator('iframe');
    await frame.waitFor({ state: 'attached' });
    const src = new URL((await frame.getAttribute('src')) ?? '');
    expect(src.origin + src.pathname).toBe('https://clips.twitch.tv/embed');
    expect(src.searchParams.get('clip')).toBe('HostileProbeClip-x1');
    expect(await frame.getAttribute('title')).toBe(`Twitch clip: ${HOSTILE.clipTitle}`);
    await settle();
    expectNothingRan();
  });

  it('runs nothing on the listings and in search results that quote it', async () => {
    for (const path of ['/', '/tags/security/', '/archive/2026/', '/about/']) {
      await blog.page.goto(`${blog.session.site.url}${path}`);
      await settle();
    }
    await blog.page.goto(`${blog.session.site.url}/search/?q=hostile`);
    await blog.page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
    const hrefs = await blog.page
      .locator('.pagefind-ui__result-link')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toContain(HOSTILE_POST);
    await settle();
    expectNothingRan();
  });
});
