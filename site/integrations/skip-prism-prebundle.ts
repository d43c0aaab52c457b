import type { Plugin } from 'vite';

/**
 * Keeps Vite from pre-bundling every Prism language for the Worker environment.
 *
 * @astrojs/cloudflare asks Vite to pre-bundle all of `prismjs/components/prism-*.js` (about 600
 * files) for its `ssr` environment, so Astro's own Prism highlighting can load any language inside
 * workerd at request time. This site never highlights in the Worker: code is highlighted at build
 * time, in Node, by the site's own plugin (site/lib/code-highlight.ts), and Astro's highlighting is
 * off. Yet the pre-bundling ran on every `astro build`, in the dev server Astro starts to sync the
 * content, whenever Vite's cache was cold (every fresh clone, every CI deploy): about 0.9 s of a
 * 1,000-post build (docs/blog.md, "Build speed").
 */
export function skipPrismPrebundle(): Plugin {
  return {
    name: 'streamlog:skip-prism-prebundle',
    // After the adapter's plugin has added its include.
    enforce: 'post',
    configEnvironment(_name, config) {
      const include = config.optimizeDeps?.include;
      if (config.optimizeDeps && include) {
        config.optimizeDeps.include = include.filter((entry) => !entry.startsWith('prismjs/'));
      }
    },
  };
}
