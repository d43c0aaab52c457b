import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';

/**
 * Keeps Vite from pre-bundling dependencies where nothing will load them.
 *
 * `astro build` starts a Vite dev server to sync the content, and Vite pre-bundles dependencies
 * for every environment of that server: the dev toolbar for the browser, the adapter's long list
 * for the Worker (about 600 Prism language files among them). That server only runs the content
 * loaders in Node, so none of it is ever loaded, yet it ran on every build with a cold Vite cache
 * (every fresh clone, every CI deploy): about 0.9 s of a 1,000-post build for Prism alone, and
 * about 0.3 s more for the rest (docs/blog.md, "Build speed"). In builds, no environment
 * pre-bundles anything.
 *
 * `astro dev` keeps pre-bundling (workerd cannot load CommonJS; the browser wants few requests),
 * except for Prism's ~600 language files (`prismjs/components/…`): this site highlights code at
 * build time, in Node (site/lib/code-highlight.ts), so neither the Worker nor the browser ever
 * loads one. Prism's core entries stay as the adapter asks.
 */
export function noPrebundlingInBuilds(): AstroIntegration {
  return {
    name: 'streamlog:no-prebundling-in-builds',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { plugins: [prebundlingPlugin(command === 'build')] } });
      },
    },
  };
}

/** The Vite side: after the adapter's and Astro's own plugins have set up each environment. */
export function prebundlingPlugin(building: boolean): Plugin {
  return {
    name: 'streamlog:no-prebundling-in-builds',
    enforce: 'post',
    configEnvironment(_name, config) {
      config.optimizeDeps ??= {};
      const optimizeDeps = config.optimizeDeps;
      if (building) {
        optimizeDeps.noDiscovery = true;
        optimizeDeps.include = [];
        optimizeDeps.entries = [];
      } else if (optimizeDeps.include) {
        optimizeDeps.include = optimizeDeps.include.filter((entry) => !entry.startsWith('prismjs/'));
      }
    },
  };
}
