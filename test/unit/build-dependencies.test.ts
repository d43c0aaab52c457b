import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const manifest = (path: string) =>
  JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };

// The blog build imports @astrojs/cloudflare, which loads wrangler twice when the Vite plugin's
// pinned wrangler differs from the project's: a second 15 MB bundle, about 0.45 s of every build
// (docs/blog.md, "Build speed"). Upgrade the two together.
describe('the build loads one wrangler', () => {
  it('pins wrangler to the version @cloudflare/vite-plugin depends on, so npm installs it once', () => {
    const pinned = manifest('node_modules/@cloudflare/vite-plugin').dependencies?.wrangler;
    expect(manifest('.').devDependencies?.wrangler).toBe(pinned);
    expect(manifest('node_modules/wrangler').version).toBe(pinned);
    expect(existsSync(join(root, 'node_modules/@cloudflare/vite-plugin/node_modules/wrangler'))).toBe(false);
  });
});
