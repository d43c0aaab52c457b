// @ts-check
import cloudflare from '@astrojs/cloudflare';
import { defineConfig } from 'astro/config';
import { markdownSafety } from './site/lib/markdown-safety.ts';

// Builds must not touch the network: without this, Miniflare (which prerenders the pages in
// workerd) tries to download the `Request.cf` placeholder from workers.cloudflare.com.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

/**
 * The site Worker: blog pages are prerendered at build time (`output: 'static'`); routes that must
 * run per request, such as the content API, opt out with `export const prerender = false`. The
 * adapter reads the root wrangler.toml and writes the deployable config to dist/server/wrangler.json.
 */
export default defineConfig({
  srcDir: './site',
  site: process.env.SITE_URL ?? 'http://localhost:8787',
  output: 'static',
  adapter: cloudflare({
    // Thumbnails are Twitch's own URLs and no page uses astro:assets, so no Images binding is needed.
    imageService: 'passthrough',
  }),
  integrations: [markdownSafety()],
  // Nothing uses Astro sessions; without this the adapter would require a SESSION KV binding.
  session: false,
});
