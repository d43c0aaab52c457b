// @ts-check
import cloudflare from '@astrojs/cloudflare';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { noPrebundlingInBuilds } from './site/integrations/no-prebundling-in-builds.ts';
import { pagefind } from './site/integrations/pagefind.ts';
import { markdownSafety } from './site/lib/markdown-safety.ts';

// Builds must not touch the network: without this, Miniflare tries to download the `Request.cf`
// placeholder from workers.cloudflare.com.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

/** `astro dev` (the config is read before Astro hands integrations the command). */
const runningDevServer = process.argv.slice(2).includes('dev');

/**
 * The site Worker: blog pages are prerendered at build time (`output: 'static'`); routes that must
 * run per request, such as the content API, opt out with `export const prerender = false`. The
 * adapter reads the root wrangler.toml and writes the deployable config to dist/server/wrangler.json.
 *
 * `SITE_URL` is the public origin (canonical links, feeds, sitemap); `SITE_HOSTS` lists further
 * host names (comma-separated) that serve the blog, which Twitch's player needs in `parent`.
 */
export default defineConfig({
  srcDir: './site',
  site: process.env.SITE_URL ?? 'http://localhost:8787',
  output: 'static',
  // Pages render while earlier ones are written out: about a quarter off prerendering
  // (docs/blog.md, "Build speed").
  // Stylesheets are files, not inline <style>: every page is about 5 KB smaller, readers' browsers
  // cache the CSS once, and the content security policy needs no per-page style hashes.
  build: { concurrency: 4, inlineStylesheets: 'never' },
  adapter: cloudflare({
    // Thumbnails are Twitch's own URLs and no page uses astro:assets, so no Images binding is needed.
    imageService: 'passthrough',
    // Builds prerender pages in Node rather than workerd: same output, measurably faster builds
    // (docs/blog.md, "Build speed"). Runtime routes still run in workerd. `astro dev` keeps the
    // adapter's workerd: its Node prerenderer in dev often cannot resolve a component's <script>
    // ("Unable to resolve …ThemeToggle.astro?astro&type=script…") and serves an empty page.
    ...(runningDevServer ? {} : { prerenderEnvironment: 'node' }),
  }),
  integrations: [
    markdownSafety(),
    // Only pages that exist are listed, and only published posts get pages.
    sitemap({ filter: (page) => !/\/404\/?$/.test(new URL(page).pathname) }),
    pagefind(),
    // The dev server `astro build` syncs content in never loads pre-bundled dependencies.
    noPrebundlingInBuilds(),
  ],
  markdown: {
    // Code is highlighted by the site's own Prism plugin, which markdownSafety() installs: it builds
    // token trees from text (Astro's Prism path interpolates the fence language into HTML), and
    // marks tokens with classes, where Shiki would need inline `style` attributes that the content
    // security policy (site/lib/content-security-policy.ts) does not let through.
    syntaxHighlight: false,
  },
  vite: {
    // Scripts are files, never inlined: a page then needs no per-page script hashes, and its
    // content security policy is one constant (site/lib/content-security-policy.ts).
    build: { assetsInlineLimit: 0 },
    define: {
      'import.meta.env.SITE_HOSTS': JSON.stringify(process.env.SITE_HOSTS ?? ''),
    },
  },
  // The only on-demand routes are the content API's, and its router refuses cross-site form posts
  // itself, as application/problem+json like every other /api/ failure (Astro's own check answers
  // a text/plain 403 before the router runs): site/lib/api/handle-request.ts, isCrossSiteForm.
  security: { checkOrigin: false },
  // Nothing uses Astro sessions; without this the adapter would require a SESSION KV binding.
  session: false,
});
