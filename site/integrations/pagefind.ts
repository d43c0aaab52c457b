import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex, type PagefindIndex } from 'pagefind';
import { registerSearchCollector, type SearchRecord } from '../lib/search-feed.ts';

/**
 * Builds the Pagefind search index of the post pages, so `npm run build`, `npm start` and deploys
 * all ship it. Only published posts have pages, so drafts and scheduled posts can never be found.
 * The index and its UI are static files under /pagefind/: search runs in the browser, offline.
 *
 * Post pages hand their searchable content over while they prerender (`feedSearch`), and Pagefind
 * indexes it in its own process meanwhile. If that did not cover every post page (e.g. pages were
 * prerendered in workerd), the built post pages are indexed instead, as Pagefind normally does.
 */
export function pagefind(): AstroIntegration {
  let clientDir: URL | undefined;
  let index: PagefindIndex | undefined;
  const pending: Promise<unknown>[] = [];
  const fed = new Set<string>();
  return {
    name: 'streamlog:pagefind',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:start': async () => {
        const created = await createIndex({});
        if (!created.index) throw new Error(`pagefind: ${created.errors.join('; ')}`);
        const started = created.index;
        index = started;
        registerSearchCollector({
          add: (record: SearchRecord) => {
            fed.add(record.url);
            pending.push(started.addHTMLFile({ url: record.url, content: record.html }));
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        registerSearchCollector(undefined);
        try {
          const site = [clientDir, dir].find((candidate) => candidate && existsSync(new URL('index.html', candidate)));
          if (!site || !index) throw new Error('pagefind: no built site to index');
          const results = (await Promise.all(pending)) as { errors?: string[] }[];
          const errors = results.flatMap((result) => result.errors ?? []);
          if (errors.length > 0) throw new Error(`pagefind: ${errors.join('; ')}`);
          const postPages = await builtPostUrls(new URL('posts/', site));
          const complete = postPages.every((url) => fed.has(url)) && fed.size === postPages.length;
          if (!complete) {
            await index.deleteIndex();
            const created = await createIndex({});
            if (!created.index) throw new Error(`pagefind: ${created.errors.join('; ')}`);
            index = created.index;
            // Only post pages carry `data-pagefind-body`; skipping the listings saves parsing them.
            const added = await index.addDirectory({ path: fileURLToPath(site), glob: 'posts/**/*.html' });
            if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`);
          }
          const written = await index.writeFiles({ outputPath: fileURLToPath(new URL('pagefind/', site)) });
          if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
          logger.info(`indexed ${postPages.length} posts${complete ? ' while prerendering' : ' from the built pages'}`);
        } finally {
          await close();
        }
      },
    },
  };
}

/** `/posts/<slug>/` for every built post page. */
async function builtPostUrls(postsDir: URL): Promise<string[]> {
  const files = await readdir(postsDir, { recursive: true }).catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('index.html'))
    .map((file) => `/posts/${file.replace(/index\.html$/, '')}`);
}
