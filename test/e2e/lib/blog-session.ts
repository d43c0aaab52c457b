import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { launchChromium, openContext, type PageEvents } from './browser.ts';
import { builtSite } from './built-site.ts';
import { type RunningSite, serveSite } from './serve.ts';

export interface BlogSession {
  site: RunningSite;
  browser: Browser;
}

/** The built test blog served by `wrangler dev`, and Chromium to browse it (one per test file). */
export async function startBlogSession(): Promise<BlogSession> {
  const site = await serveSite(await builtSite());
  try {
    return { site, browser: await launchChromium() };
  } catch (error) {
    await site.stop();
    throw error;
  }
}

export async function stopBlogSession(session: Partial<BlogSession> | undefined): Promise<void> {
  await session?.browser?.close();
  await session?.site?.stop();
}

export interface FreshPage {
  context: BrowserContext;
  events: PageEvents;
  page: Page;
}

/** A new browser context and page for the next test; `previous` (the last test's context) is closed. */
export async function freshPage(session: BlogSession, previous?: BrowserContext): Promise<FreshPage> {
  await previous?.close();
  const { context, events } = await openContext(session.browser, session.site.url);
  return { context, events, page: await context.newPage() };
}

/** The file's blog session and the current test's page; filled in by the hooks of `freshPageEachTest`. */
export interface BlogPage extends FreshPage {
  session: BlogSession;
}

/**
 * Registers the hooks of a test file that browses the blog: one session for the file, and a new
 * context and page before each test (the last test's context is closed). Read the returned object's
 * fields inside tests, not at the top of the file: the hooks fill them in.
 */
export function freshPageEachTest(): BlogPage {
  const blog = {} as BlogPage;
  beforeAll(async () => {
    blog.session = await startBlogSession();
  });
  afterAll(() => stopBlogSession(blog.session));
  beforeEach(async () => {
    Object.assign(blog, await freshPage(blog.session, blog.context));
  });
  return blog;
}
