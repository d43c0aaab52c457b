import type { EnvironmentOptions, Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { noPrebundlingInBuilds, prebundlingPlugin } from '../../../site/integrations/no-prebundling-in-builds.ts';

/** What the adapter and Astro ask of the Worker environment, abridged. */
function workerEnvironment(): EnvironmentOptions {
  return {
    optimizeDeps: {
      noDiscovery: false,
      entries: '@astrojs/cloudflare/entrypoints/server',
      include: ['astro', 'astro > devalue', 'prismjs/components/prism-php.js', '@astrojs/prism > prismjs'],
      exclude: ['astro:*'],
    },
  };
}

function configure(plugin: Plugin, config: EnvironmentOptions): EnvironmentOptions {
  const hook = plugin.configEnvironment as (name: string, config: EnvironmentOptions, env: object) => void;
  hook.call({}, 'ssr', config, { command: 'serve', mode: 'development', isSsrTargetWebworker: false });
  return config;
}

describe('noPrebundlingInBuilds', () => {
  it('turns pre-bundling off for every environment in builds', () => {
    const config = configure(prebundlingPlugin(true), workerEnvironment());
    expect(config.optimizeDeps).toMatchObject({ noDiscovery: true, include: [], entries: [], exclude: ['astro:*'] });
    expect(configure(prebundlingPlugin(true), {}).optimizeDeps).toEqual({
      noDiscovery: true,
      include: [],
      entries: [],
    });
  });

  it("keeps pre-bundling in dev, without Prism's language files, which only the build uses", () => {
    const config = configure(prebundlingPlugin(false), workerEnvironment());
    expect(config.optimizeDeps).toMatchObject({
      noDiscovery: false,
      entries: '@astrojs/cloudflare/entrypoints/server',
      include: ['astro', 'astro > devalue', '@astrojs/prism > prismjs'],
    });
  });

  it('runs after the adapter and Astro, and knows which command it is in', () => {
    const plugins: Plugin[] = [];
    const integration = noPrebundlingInBuilds();
    const setup = integration.hooks['astro:config:setup'] as (options: object) => void;
    for (const command of ['build', 'dev']) {
      setup({
        command,
        updateConfig: (config: { vite: { plugins: Plugin[] } }) => plugins.push(...config.vite.plugins),
      });
    }
    expect(plugins.map((plugin) => plugin.enforce)).toEqual(['post', 'post']);
    const [inBuild, inDev] = plugins as [Plugin, Plugin];
    expect(configure(inBuild, workerEnvironment()).optimizeDeps?.include).toEqual([]);
    expect(configure(inDev, workerEnvironment()).optimizeDeps?.include).toEqual([
      'astro',
      'astro > devalue',
      '@astrojs/prism > prismjs',
    ]);
  });
});
