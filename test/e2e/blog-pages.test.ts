import { afterEach, describe, expect, it } from 'vitest';
import { freshPageEachTest } from './lib/blog-session.ts';
import { cspViolations } from './lib/browser.ts';
import { FILLER_POSTS } from './lib/built-site.ts';

const blog = freshPageEachTest();

// Everything the site itself does must fit its content security policy.
afterEach(() => {
  expect(cspViolations(blog.events)).toEqual([]);
});

const STRIPE_POST = '/posts/2026-11-03-idempotency-keys-explained-60-seconds-stripe/';

describe('the blog in Chromium', () => {
  it('renders the home page with the latest posts and the site navigation', async () => {
    const response = await blog.page.goto(`${blog.session.site.url}/`);
    expect(response?.status()).toBe(200);
    expect(await blog.page.locator('h1').textContent()).toBe('Latest posts');
    expect(await blog.page.locator('article.post-summary').count()).toBe(10);
    const nav = await blog.page.getByRole('navigation', { name: 'Site' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Posts', 'Archive', 'Tags', 'About']);
  });

  it('pages through older posts and back', async () => {
    await blog.page.goto(`${blog.session.site.url}/`);
    await blog.page.getByRole('link', { name: 'Older posts →' }).click();
    await blog.page.waitForURL(`${blog.session.site.url}/page/2/`);
    expect(await blog.page.locator('h1').textContent()).toContain('page 2 of 7');
    await blog.page.getByRole('link', { name: 'Older posts →' }).click();
    await blog.page.waitForURL(`${blog.session.site.url}/page/3/`);
    await blog.page.getByRole('link', { name: '← Newer posts' }).click();
    await blog.page.waitForURL(`${blog.session.site.url}/page/2/`);
    await blog.page.goto(`${blog.session.site.url}/page/7/`);
    expect(await blog.page.getByRole('link', { name: 'Older posts →' }).count()).toBe(0);
    expect(await blog.page.locator('article.post-summary h2').last().textContent()).toBe(`Filler post ${FILLER_POSTS}`);
  });

  it('navigates from a post to its tag page and on to the archive', async () => {
    await blog.page.goto(`${blog.session.site.url}/`);
    await blog.page
      .getByRole('link', {
        name: 'Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod',
      })
      .click();
    await blog.page.waitForURL(`${blog.session.site.url}${STRIPE_POST}`);
    expect(await blog.page.locator('h1').textContent()).toBe(
      'Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod',
    );
    expect(await blog.page.getByText(/\d+ min read/).count()).toBe(1);
    await blog.page.locator('article header').getByRole('link', { name: 'idempotency', exact: true }).click();
    await blog.page.waitForURL(`${blog.session.site.url}/tags/idempotency/`);
    expect(await blog.page.locator('h1').textContent()).toBe('Posts tagged “idempotency”');
    expect(await blog.page.locator('ol.post-index a').allTextContents()).toContain(
      'Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod',
    );
    await blog.page.getByRole('link', { name: 'Archive' }).click();
    await blog.page.getByRole('link', { name: '2026' }).click();
    await blog.page.waitForURL(`${blog.session.site.url}/archive/2026/`);
    expect(await blog.page.locator('ol.archive li').count()).toBeGreaterThan(FILLER_POSTS);
  });

  it('paginates a tag page', async () => {
    await blog.page.goto(`${blog.session.site.url}/tags/`);
    await blog.page.getByRole('link', { name: 'filler', exact: true }).click();
    expect(await blog.page.locator('ol.post-index li').count()).toBe(50);
    await blog.page.getByRole('link', { name: 'Older posts →' }).click();
    await blog.page.waitForURL(`${blog.session.site.url}/tags/filler/page/2/`);
    expect(await blog.page.locator('ol.post-index li').count()).toBe(FILLER_POSTS - 50);
  });

  it('finds posts with the offline search, from the header search box', async () => {
    await blog.page.goto(`${blog.session.site.url}/`);
    await blog.page.getByRole('searchbox', { name: 'Search posts' }).fill('idempotency');
    await blog.page.getByRole('button', { name: 'Search', exact: true }).click();
    await blog.page.waitForURL(`${blog.session.site.url}/search/?q=idempotency`);
    const result = blog.page.locator('.pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 15_000 });
    const hrefs = await blog.page
      .locator('.pagefind-ui__result-link')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toContain(STRIPE_POST);
    expect(blog.events.external).toEqual([]);
  });

  it('loads the clip player only on click, with the site host as parent, in the box the thumbnail held', async () => {
    await blog.page.goto(`${blog.session.site.url}${STRIPE_POST}`);
    expect(await blog.page.locator('iframe').count()).toBe(0);
    const button = blog.page.getByRole('button', { name: /^Play clip: \*\*idempotency keys\*\* explained/ });
    await button.scrollIntoViewIfNeeded();
    const box = blog.page.locator('.player-box').filter({ has: button });
    const before = await box.boundingBox();
    const below = await blog.page.locator('#post-clips').boundingBox();
    await button.click();
    const frame = blog.page.locator('iframe');
    await frame.waitFor({ state: 'attached' });
    expect(await frame.count()).toBe(1);
    const src = new URL((await frame.getAttribute('src')) ?? '');
    expect(src.origin + src.pathname).toBe('https://clips.twitch.tv/embed');
    expect(src.searchParams.get('clip')).toBe('ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd');
    expect(src.searchParams.getAll('parent')).toEqual(['localhost']);
    expect(await frame.getAttribute('title')).toBe('Twitch clip: **idempotency keys** explained in 60 seconds');
    const after = await blog.page.locator('.player-box').filter({ has: frame }).boundingBox();
    expect(after).toEqual(before);
    expect(await blog.page.locator('#post-clips').boundingBox()).toEqual(below);
  });

  it('toggles dark mode, and remembers it on the next page', async () => {
    await blog.page.emulateMedia({ colorScheme: 'light' });
    await blog.page.goto(`${blog.session.site.url}/`);
    const background = () => blog.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const toggle = blog.page.getByRole('button', { name: 'Dark mode' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const light = await background();
    await toggle.click();
    expect(await blog.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const dark = await background();
    expect(dark).not.toBe(light);
    await blog.page.goto(`${blog.session.site.url}${STRIPE_POST}`);
    expect(await background()).toBe(dark);
    await blog.page.getByRole('button', { name: 'Dark mode' }).click();
    expect(await background()).toBe(light);
  });

  it('serves the feed, the sitemap and a not-found page', async () => {
    const rss = await blog.page.request.get(`${blog.session.site.url}/rss.xml`);
    expect(rss.ok()).toBe(true);
    expect(await rss.text()).toContain(
      '<title>Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod</title>',
    );
    const sitemap = await blog.page.request.get(`${blog.session.site.url}/sitemap-index.xml`);
    expect(sitemap.ok()).toBe(true);
    const missing = await blog.page.goto(`${blog.session.site.url}/posts/no-such-post/`);
    expect(missing?.status()).toBe(404);
    expect(await blog.page.locator('h1').textContent()).toBe('Not found');
  });
});
