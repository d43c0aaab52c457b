import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from '../../build/astro-project.ts';

/** Debian's Chromium, headless and quiet: no background traffic, no sandbox (containers). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** What a page did that it should not: dialogs opened and console messages. */
export interface PageEvents {
  dialogs: string[];
  console: string[];
  /** Requests to anywhere but the site under test (aborted, so tests stay offline). */
  external: string[];
}

/**
 * A fresh context whose requests to any other origin are aborted and recorded, with every dialog
 * dismissed and recorded, and every console message kept.
 */
export async function openContext(
  browser: Browser,
  siteUrl: string,
): Promise<{ context: BrowserContext; events: PageEvents }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const events: PageEvents = { dialogs: [], console: [], external: [] };
  const origin = new URL(siteUrl).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    events.external.push(url);
    return route.abort();
  });
  context.on('page', (page) => watch(page, events));
  return { context, events };
}

/** Console messages in which Chromium reports a content security policy violation. */
export function cspViolations(events: PageEvents): string[] {
  return events.console.filter((line) => line.includes('Content Security Policy'));
}

function watch(page: Page, events: PageEvents): void {
  page.on('dialog', (dialog) => {
    events.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    events.console.push(message.text());
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) in the page and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated by the test driver, which the page's content security policy does not govern.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}
