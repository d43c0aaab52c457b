import { existsSync } from 'node:fs';
import { cp, readdir, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex, type PagefindIndex } from 'pagefind';
import { registerSearchCollector, type SearchRecord } from '../lib/search-feed.ts';
import { type SearchIndexer, startSearchIndexer } from './search-indexer.ts';

/**
 * Builds the Pagefind search index of the post pages, so `npm run build`, `npm start` and deploys
 * all ship it. Only published posts have pages, so drafts and scheduled posts can never be found.
 * The index and its UI are static files under /pagefind/: search runs in the browser, offline.
 *
 * The content loaders hand each published post's searchable document over as soon as the post has
 * rendered (`feedSearchFromContent`); Pagefind indexes it on its own low-priority thread and
 * process while the rest of the content loads, and writes its files to a staging folder while
 * Astro bundles and prerenders. Once the pages are built, the staged index moves into place if the documents fed
 * match the post pages built; otherwise (a post went live mid-build, the feed was not wired up)
 * the built post pages are indexed instead, as Pagefind normally does.
 */
export function pagefind(): AstroIntegration {
  let clientDir: URL | undefined;
  let staging: URL | undefined;
  let indexer: SearchIndexer | undefined;
  let staged: Promise<string[]> | undefined;
  const fed = new Set<string>();
  return {
    name: 'streamlog:pagefind',
    hooks: {
      // Before the content syncs, which is when the loaders feed it; builds only.
      'astro:config:setup': ({ command, config }) => {
        if (command !== 'build') return;
        // Inside the project, so moving it into the output is a rename on the same file system.
        staging = new URL(`pagefind-staging-${process.pid}/`, config.cacheDir);
        const outputPath = fileURLToPath(staging);
        // Pagefind indexes on its own low-priority thread and process, beside the content sync,
        // the bundling and prerendering (site/integrations/search-indexer.ts).
        const started = startSearchIndexer();
        indexer = started;
        registerSearchCollector({
          add: (record: SearchRecord) => {
            if (fed.has(record.url)) return;
            fed.add(record.url);
            started.add(record);
          },
          end: () => {
            staged ??= started.write(outputPath);
          },
        });
      },
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ dir, logger }) => {
        registerSearchCollector(undefined);
        try {
          const site = [clientDir, dir].find((candidate) => candidate && existsSync(new URL('index.html', candidate)));
          if (!site || !staging) throw new Error('pagefind: no built site to index');
          const postPages = await builtPostUrls(new URL('posts/', site));
          const complete =
            staged !== undefined && postPages.every((url) => fed.has(url)) && fed.size === postPages.length;
          const target = new URL('pagefind/', site);
          if (complete) {
            const errors = (await staged) ?? [];
            if (errors.length > 0) throw new Error(`pagefind: ${errors.join('; ')}`);
            await moveInto(staging, target);
          } else {
            await indexer?.stop();
            const index = await newIndex();
            // Only post pages carry `data-pagefind-body`; skipping the listings saves parsing them.
            const added = await index.addDirectory({ path: fileURLToPath(site), glob: 'posts/**/*.html' });
            if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`);
            const written = await index.writeFiles({ outputPath: fileURLToPath(target) });
            if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
          }
          logger.info(`indexed ${postPages.length} posts${complete ? ' from the content' : ' from the built pages'}`);
        } finally {
          await indexer?.stop();
          await close();
          if (staging) await rm(staging, { recursive: true, force: true });
        }
      },
    },
  };
}

async function newIndex(): Promise<PagefindIndex> {
  const created = await createIndex({});
  if (!created.index) throw new Error(`pagefind: ${created.errors.join('; ')}`);
  return created.index;
}

/** Replaces `target` with `source`: a rename, or a copy where they sit on different file systems. */
async function moveInto(source: URL, target: URL): Promise<void> {
  await rm(target, { recursive: true, force: true });
  try {
    await rename(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(source, target, { recursive: true });
  }
}

/** `/posts/<slug>/` for every built post page. */
async function builtPostUrls(postsDir: URL): Promise<string[]> {
  const files = await readdir(postsDir, { recursive: true }).catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('index.html'))
    .map((file) => `/posts/${file.replace(/index\.html$/, '')}`);
}
