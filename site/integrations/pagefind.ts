import { existsSync } from 'node:fs';
import { cp, readdir, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex, type PagefindIndex } from 'pagefind';
import { registerSearchCollector } from '../lib/search-feed.ts';

/**
 * Builds the Pagefind search index of the post pages, so `npm run build`, `npm start` and deploys
 * all ship it. Only published posts have pages, so drafts and scheduled posts can never be found.
 * The index and its UI are static files under /pagefind/: search runs in the browser, offline.
 *
 * Once the content has loaded, the loaders hand over each published post's searchable document
 * (`feedSearchFromContent`); Pagefind indexes them in its own process and writes its files to a
 * staging folder while Astro bundles and prerenders. Once the pages are built, the staged index
 * moves into place if the documents fed match the post pages built; otherwise (a post went live
 * mid-build, the feed was not wired up) the built post pages are indexed instead, as Pagefind
 * normally does.
 */
export function pagefind(): AstroIntegration {
  let clientDir: URL | undefined;
  let staging: URL | undefined;
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
        const index = newIndex();
        // A failure to start is reported by the calls that need the index.
        index.catch(() => {});
        const added: Promise<string[]>[] = [];
        registerSearchCollector({
          add: (record) => {
            if (fed.has(record.url)) return;
            fed.add(record.url);
            added.push(failuresOf(index.then((ready) => ready.addHTMLFile({ url: record.url, content: record.html }))));
          },
          end: () => {
            staged ??= Promise.all(added).then(async (results) => {
              const errors = results.flat();
              if (errors.length > 0) return errors;
              return failuresOf(index.then((ready) => ready.writeFiles({ outputPath })));
            });
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
          // The index staged from the content, if the documents fed are exactly the post pages built.
          const fromContent =
            postPages.every((url) => fed.has(url)) && fed.size === postPages.length ? staged : undefined;
          const target = new URL('pagefind/', site);
          if (fromContent) {
            const errors = await settledOrStalled(fromContent);
            if (errors.length > 0) throw new Error(`pagefind: ${errors.join('; ')}`);
            await moveInto(staging, target);
          } else {
            await close();
            const index = await newIndex();
            // Only post pages carry `data-pagefind-body`; skipping the listings saves parsing them.
            const added = await index.addDirectory({ path: fileURLToPath(site), glob: 'posts/**/*.html' });
            if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`);
            const written = await index.writeFiles({ outputPath: fileURLToPath(target) });
            if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
          }
          logger.info(
            `indexed ${postPages.length} posts${fromContent ? ' from the content' : ' from the built pages'}`,
          );
        } finally {
          // Pagefind's process and the index it holds (about 100 KB a post while writing) go now.
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

/** A Pagefind call's errors, including its failing outright (which is then not left unhandled). */
async function failuresOf(call: Promise<{ errors: string[] }>): Promise<string[]> {
  try {
    return (await call).errors;
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/**
 * `work`, or an error if Node runs out of things to do first. Should Pagefind's process die, its
 * Node API never settles the calls pending on it, and nothing else would keep the build running:
 * Node would exit quietly, with a success code and no index.
 */
export async function settledOrStalled(work: Promise<string[]>): Promise<string[]> {
  let stalled: () => void = () => {};
  const stall = new Promise<string[]>((resolve) => {
    stalled = () => resolve(["Pagefind's process stopped before writing the index"]);
  });
  process.once('beforeExit', stalled);
  try {
    return await Promise.race([work, stall]);
  } finally {
    process.off('beforeExit', stalled);
  }
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
