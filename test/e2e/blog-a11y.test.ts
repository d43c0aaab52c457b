import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SLUG } from '../build/hostile-content.ts';
import { type BlogSession, startBlogSession, stopBlogSession } from './lib/blog-session.ts';
import { axeViolations, openContext } from './lib/browser.ts';

let session: BlogSession;

beforeAll(async () => {
  session = await startBlogSession();
});

afterAll(() => stopBlogSession(session));

const PAGES = {
  home: '/',
  post: '/posts/2026-11-03-idempotency-keys-explained-60-seconds-stripe/',
  'post with highlighted code': `/posts/${HOSTILE_SLUG}/`,
  'tag page': '/tags/stripe/',
  archive: '/archive/2026/',
  about: '/about/',
};

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, path] of Object.entries(PAGES)) {
      it(`finds no serious or critical violation on the ${name} in ${scheme} mode`, async () => {
        const { context } = await openContext(session.browser, session.site.url);
        try {
          const page = await context.newPage();
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(`${session.site.url}${path}`);
          const violations = await axeViolations(page);
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('reaches the skip link, the theme toggle, the navigation and a clip player with the keyboard', async () => {
    const { context } = await openContext(session.browser, session.site.url);
    try {
      const page = await context.newPage();
      await page.goto(`${session.site.url}${PAGES.post}`);
      const focused: string[] = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        focused.push(
          await page.evaluate(() => {
            const el = document.activeElement;
            return el ? `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 40)}` : '';
          }),
        );
      }
      expect(focused[0]).toBe('a:Skip to content');
      expect(focused).toContain('button:Dark mode');
      expect(focused).toContain('a:Archive');
      expect(focused.some((f) => f.startsWith('button:') && f.includes('Play clip'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});
