import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex } from 'pagefind';

/**
 * Builds the Pagefind search index over the prerendered pages once `astro build` is done, so
 * `npm run build`, `npm start` and deploys all ship it. Only elements marked `data-pagefind-body`
 * (post bodies) are indexed, and only published posts have pages, so drafts and scheduled posts
 * can never be found. The index and its UI are static files under /pagefind/: search runs in the
 * browser, offline, with no server.
 */
export function pagefind(): AstroIntegration {
  let clientDir: URL | undefined;
  return {
    name: 'streamlog:pagefind',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = [clientDir, dir].find((candidate) => candidate && existsSync(new URL('index.html', candidate)));
        if (!site) throw new Error('pagefind: no built index.html found to index');
        const path = fileURLToPath(site);
        const { index, errors } = await createIndex({});
        if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
        try {
          // Only post pages carry `data-pagefind-body`; skipping the listings saves parsing them.
          const added = await index.addDirectory({ path, glob: 'posts/**/*.html' });
          if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`);
          const written = await index.writeFiles({ outputPath: fileURLToPath(new URL('pagefind/', site)) });
          if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
          logger.info(`indexed ${added.page_count} pages`);
        } finally {
          await close();
        }
      },
    },
  };
}
