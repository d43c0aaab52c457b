import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BlogSession, freshPage, startBlogSession, stopBlogSession } from './lib/blog-session.ts';
import { cspViolations, type PageEvents } from './lib/browser.ts';
import { FILLER_POSTS } from './lib/built-site.ts';

let session: BlogSession;
let context: BrowserContext | undefined;
let events: PageEvents;
let page: Page;

beforeAll(async () => {
  session = await startBlogSession();
});

afterAll(() => stopBlogSession(session));

beforeEach(async () => {
  ({ context, events, page } = await freshPage(session, context));
});

// Everything the site itself does must fit its content security policy.
afterEach(() => {
  expect(cspViolations(events)).toEqual([]);
});

const STRIPE_POST = '/posts/2026-11-03-idempotency-keys-explained-60-seconds-stripe/';

describe('the blog in Chromium', () => {
  it('renders the home page with the latest posts and the site navigation', async () => {
    const response = await page.goto(`${session.site.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Latest posts');
    expect(await page.locator('article.post-summary').count()).toBe(10);
    const nav = await page.getByRole('navigation', { name: 'Site' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Posts', 'Archive', 'Tags', 'About']);
  });

  it('pages through older posts and back', async () => {
    await page.goto(`${session.site.url}/`);
    await page.getByRole('link', { name: 'Older posts →' }).click();
    await page.waitForURL(`${session.site.url}/page/2/`);
    expect(await page.locator('h1').textContent()).toContain('page 2 of 7');
    await page.getByRole('link', { name: 'Older posts →' }).click();
    await page.waitForURL(`${session.site.url}/page/3/`);
    await page.getByRole('link', { name: '← Newer posts' }).click();
    await page.waitForURL(`${session.site.url}/page/2/`);
    await page.goto(`${session.site.url}/page/7/`);
    expect(await page.getByRole('link', { name: 'Older posts →' }).count()).toBe(0);
    expect(await page.locator('article.post-summary h2').last().textContent()).toBe(`Filler post ${FILLER_POSTS}`);
  });

  it('navigates from a post to its tag page and on to the archive', async () => {
    await page.goto(`${session.site.url}/`);
    await page
      .getByRole('link', {
        name: 'Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod',
      })
      .click();
    await page.waitForURL(`${session.site.url}${STRIPE_POST}`);
    expect(await page.locator('h1').textContent()).toBe(
      'Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod',
    );
    expect(await page.getByText(/\d+ min read/).count()).toBe(1);
    await page.locator('article header').getByRole('link', { name: 'idempotency', exact: true }).click();
    await page.waitForURL(`${session.site.url}/tags/idempotency/`);
    expect(await page.locator('h1').textContent()).toBe('Posts tagged “idempotency”');
    expect(await page.locator('ol.post-index a').allTextContents()).toContain(
      'Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod',
    );
    await page.getByRole('link', { name: 'Archive' }).click();
    await page.getByRole('link', { name: '2026' }).click();
    await page.waitForURL(`${session.site.url}/archive/2026/`);
    expect(await page.locator('ol.archive li').count()).toBeGreaterThan(FILLER_POSTS);
  });

  it('paginates a tag page', async () => {
    await page.goto(`${session.site.url}/tags/`);
    await page.getByRole('link', { name: 'filler', exact: true }).click();
    expect(await page.locator('ol.post-index li').count()).toBe(50);
    await page.getByRole('link', { name: 'Older posts →' }).click();
    await page.waitForURL(`${session.site.url}/tags/filler/page/2/`);
    expect(await page.locator('ol.post-index li').count()).toBe(FILLER_POSTS - 50);
  });

  it('finds posts with the offline search, from the header search box', async () => {
    await page.goto(`${session.site.url}/`);
    await page.getByRole('searchbox', { name: 'Search posts' }).fill('idempotency');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(`${session.site.url}/search/?q=idempotency`);
    const result = page.locator('.pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 15_000 });
    const hrefs = await page
      .locator('.pagefind-ui__result-link')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toContain(STRIPE_POST);
    expect(events.external).toEqual([]);
  });

  it('loads the clip player only on click, with the site host as parent, in the box the thumbnail held', async () => {
    await page.goto(`${session.site.url}${STRIPE_POST}`);
    expect(await page.locator('iframe').count()).toBe(0);
    const button = page.getByRole('button', { name: /^Play clip: \*\*idempotency keys\*\* explained/ });
    await button.scrollIntoViewIfNeeded();
    const box = page.locator('.player-box').filter({ has: button });
    const before = await box.boundingBox();
    const below = await page.locator('#post-clips').boundingBox();
    await button.click();
    const frame = page.locator('iframe');
    await frame.waitFor({ state: 'attached' });
    expect(await frame.count()).toBe(1);
    const src = new URL((await frame.getAttribute('src')) ?? '');
    expect(src.origin + src.pathname).toBe('https://clips.twitch.tv/embed');
    expect(src.searchParams.get('clip')).toBe('ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd');
    expect(src.searchParams.getAll('parent')).toEqual(['localhost']);
    expect(await frame.getAttribute('title')).toBe('Twitch clip: **idempotency keys** explained in 60 seconds');
    const after = await page.locator('.player-box').filter({ has: frame }).boundingBox();
    expect(after).toEqual(before);
    expect(await page.locator('#post-clips').boundingBox()).toEqual(below);
  });

  it('toggles dark mode, and remembers it on the next page', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${session.site.url}/`);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const toggle = page.getByRole('button', { name: 'Dark mode' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const light = await background();
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const dark = await background();
    expect(dark).not.toBe(light);
    await page.goto(`${session.site.url}${STRIPE_POST}`);
    expect(await background()).toBe(dark);
    await page.getByRole('button', { name: 'Dark mode' }).click();
    expect(await background()).toBe(light);
  });

  it('serves the feed, the sitemap and a not-found page', async () => {
    const rss = await page.request.get(`${session.site.url}/rss.xml`);
    expect(rss.ok()).toBe(true);
    expect(await rss.text()).toContain(
      '<title>Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod</title>',
    );
    const sitemap = await page.request.get(`${session.site.url}/sitemap-index.xml`);
    expect(sitemap.ok()).toBe(true);
    const missing = await page.goto(`${session.site.url}/posts/no-such-post/`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Not found');
  });
});
