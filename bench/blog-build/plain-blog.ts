import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GeneratedPost, writePosts } from './generate.ts';

/**
 * The baseline: a plain Astro markdown blog, as `npm create astro` users write one. Same posts,
 * static output; a content collection with a small schema, one page per post and a paginated
 * index of 10. With `cloudflare`, the same blog deployed the way Streamlog is: on
 * `@astrojs/cloudflare`, prerendering in Node.
 */
export async function createPlainBlog(repoRoot: string, posts: GeneratedPost[], cloudflare = false): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'streamlog-bench-plain-'));
  const config = cloudflare
    ? `import cloudflare from '@astrojs/cloudflare';
import { defineConfig } from 'astro/config';
export default defineConfig({
  site: 'http://localhost:4321',
  output: 'static',
  adapter: cloudflare({ imageService: 'passthrough', prerenderEnvironment: 'node' }),
  session: false,
});
`
    : `import { defineConfig } from 'astro/config';
export default defineConfig({ site: 'http://localhost:4321', output: 'static' });
`;
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'plain-blog', private: true, type: 'module' }),
    'astro.config.mjs': config,
    ...(cloudflare && {
      'wrangler.toml': `name = "plain-blog"
main = "@astrojs/cloudflare/entrypoints/server"
compatibility_date = "2026-10-01"
compatibility_flags = ["nodejs_compat"]

[assets]
binding = "ASSETS"
directory = "./dist"
`,
    }),
    'src/content.config.ts': `import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
const posts = defineCollection({
  loader: glob({ base: './src/content/posts', pattern: '**/*.md' }),
  schema: z.object({ title: z.string(), description: z.string(), publish_at: z.coerce.date(), tags: z.array(z.string()).default([]) }),
});
export const collections = { posts };
`,
    'src/layouts/Layout.astro': `---
const { title } = Astro.props;
---
<html lang="en"><head><meta charset="utf-8" /><title>{title}</title></head>
<body><header><a href="/">Plain blog</a></header><main><slot /></main></body></html>
<style>body { max-width: 46rem; margin: 0 auto; font-family: system-ui; }</style>
`,
    'src/pages/[...page].astro': `---
import { getCollection } from 'astro:content';
import Layout from '../layouts/Layout.astro';
export async function getStaticPaths({ paginate }) {
  const posts = (await getCollection('posts')).sort((a, b) => b.data.publish_at - a.data.publish_at);
  return paginate(posts, { pageSize: 10 });
}
const { page } = Astro.props;
---
<Layout title="Posts">
  {page.data.map((post) => <article><h2><a href={\`/posts/\${post.id}/\`}>{post.data.title}</a></h2><p>{post.data.description}</p></article>)}
  {page.url.prev && <a href={page.url.prev}>Newer</a>} {page.url.next && <a href={page.url.next}>Older</a>}
</Layout>
`,
    'src/pages/posts/[...slug].astro': `---
import { getCollection, render } from 'astro:content';
import Layout from '../../layouts/Layout.astro';
export async function getStaticPaths() {
  return (await getCollection('posts')).map((post) => ({ params: { slug: post.id }, props: { post } }));
}
const { post } = Astro.props;
const { Content } = await render(post);
---
<Layout title={post.data.title}>
  <article><h1>{post.data.title}</h1><time>{post.data.publish_at.toISOString()}</time><Content /></article>
</Layout>
`,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  await writePosts(join(root, 'src', 'content', 'posts'), posts);
  await linkNodeModules(repoRoot, root);
  return root;
}

async function linkNodeModules(repoRoot: string, root: string): Promise<void> {
  const source = join(repoRoot, 'node_modules');
  await mkdir(join(root, 'node_modules'));
  for (const entry of await readdir(source)) {
    if (entry === '.astro' || entry === '.vite' || entry === '.mf') continue;
    await symlink(join(source, entry), join(root, 'node_modules', entry));
  }
}
