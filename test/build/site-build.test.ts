import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostFrontmatter } from '../../core/schemas/post.ts';
import { isPublished } from '../../site/lib/visibility.ts';
import { type AstroProject, type BuildResult, copyProject, repoRoot } from './astro-project.ts';
import { addFillerPosts, addHostilePost, HOSTILE_SLUG, PROBE, postFile as post } from './hostile-content.ts';
import { activeContent, attribute, elements, htmlFiles, searchIndexText } from './html.ts';

const XSS_ITEM = 'twitch-SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp';
const SOME_ITEM = 'twitch-TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k';

const projects: AstroProject[] = [];
afterAll(async () => {
  await Promise.all(projects.map((project) => project.remove()));
});

async function freshProject(): Promise<AstroProject> {
  const project = await copyProject();
  projects.push(project);
  return project;
}

function expectBuildOk(result: BuildResult): void {
  expect(result.code, result.output).toBe(0);
}

async function readPage(project: AstroProject, route: string): Promise<string> {
  return readFile(project.path('dist', 'client', route, 'index.html'), 'utf8');
}

async function readClient(project: AstroProject, file: string): Promise<string> {
  return readFile(project.path('dist', 'client', file), 'utf8');
}

/** The posts in the real content/ folder, with what the blog should do with each. */
async function realPosts(): Promise<{ slug: string; title: string; published: boolean }[]> {
  const dir = join(repoRoot, 'content', 'posts');
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.md'));
  return Promise.all(
    files.map(async (file) => {
      const data = PostFrontmatter.parse(matter(await readFile(join(dir, file), 'utf8')).data);
      const slug = file.split('/').at(-1)?.replace(/\.md$/, '') ?? file;
      return { slug, title: data.title, published: isPublished(data, new Date()) };
    }),
  );
}

/**
 * Every script element of a page, described by its kind. Pages may carry only these: JSON-LD
 * data, the theme script in the head, Astro's bundled module scripts and Pagefind's UI loader.
 */
function scriptKinds(html: string): string[] {
  return elements(html)
    .filter((el) => el.tag === 'script')
    .map((el) => {
      const type = attribute(el.open, 'type');
      const src = attribute(el.open, 'src');
      if (type === 'application/ld+json') return 'json-ld';
      // Astro's bundles of the site's own component scripts: files, never inlined.
      if (src && type === 'module' && /^\/_astro\/[\w.-]+\.js$/.test(src)) return 'bundled';
      if (src) return `src:${src}`;
      if (type === 'module') return 'module';
      if (el.text.includes("localStorage.getItem('theme')")) return 'theme';
      return `unknown:${el.open}${el.text.slice(0, 80)}`;
    });
}

/** The policy of `<meta http-equiv="content-security-policy">`. */
function cspOf(html: string): string | undefined {
  const el = elements(html).find(
    (e) => e.tag === 'meta' && attribute(e.open, 'http-equiv')?.toLowerCase() === 'content-security-policy',
  );
  return el && attribute(el.open, 'content');
}

/** The targets of the `<a rel="…">` links of a page. */
function links(html: string, rel: string): string[] {
  return elements(html)
    .filter((e) => e.tag === 'a' && attribute(e.open, 'rel') === rel)
    .map((e) => attribute(e.open, 'href') ?? '');
}

/** The `content` of `<meta property|name="key">`. */
function meta(html: string, key: string): string | undefined {
  const el = elements(html).find(
    (e) => e.tag === 'meta' && (attribute(e.open, 'property') === key || attribute(e.open, 'name') === key),
  );
  return el && attribute(el.open, 'content');
}

describe('astro build of the project content', () => {
  let project: AstroProject;
  let result: BuildResult;

  beforeAll(async () => {
    project = await freshProject();
    result = await project.build();
  });

  it('succeeds and emits the Worker config next to the server bundle', () => {
    expectBuildOk(result);
    expect(existsSync(project.path('dist', 'server', 'wrangler.json'))).toBe(true);
  });

  it('pre-bundles no dependencies: the dev server the build syncs content in never loads them', () => {
    expectBuildOk(result);
    // Vite would pre-bundle for the browser, Node and the Worker (about 600 Prism language files
    // for the Worker alone); site/integrations/no-prebundling-in-builds.ts turns that off in builds.
    const viteCache = project.path('node_modules', '.vite');
    const prebundled = existsSync(viteCache) ? readdirSync(viteCache, { recursive: true }) : [];
    expect(prebundled).toEqual([]);
  });

  it('writes the home page and a page for every published post, and only those', async () => {
    expectBuildOk(result);
    const posts = await realPosts();
    expect(posts.filter((p) => p.published).length).toBeGreaterThanOrEqual(2);
    const home = await readPage(project, '');
    expect(home).toMatch(/· \d+ min read · 4 clips<\/p>/);
    expect(home).toContain('before publishing. <a href="/rss.xml">RSS feed</a>');
    for (const { slug, published } of posts) {
      expect(existsSync(project.path('dist', 'client', 'posts', slug, 'index.html')), slug).toBe(published);
      expect(home.includes(`href="/posts/${slug}/"`), slug).toBe(published);
    }
  });

  it("renders hostile clip titles as escaped text and ships only the site's own scripts", async () => {
    expectBuildOk(result);
    const files = await htmlFiles(project.path('dist', 'client'));
    const pages = await Promise.all(files.map((file) => readClient(project, file)));
    const all = pages.join('\n');
    expect(all).toContain('&lt;script&gt;alert(&#39;clip&#39;)&lt;/script&gt; chat tried XSS on the overlay lol');
    expect(all).toContain('>**idempotency keys** explained in 60 seconds<');
    expect(all).toContain(`id="clip-${XSS_ITEM.replace(/^twitch-/, '')}"`);
    for (const [i, html] of pages.entries()) {
      for (const kind of scriptKinds(html)) {
        expect(['json-ld', 'theme', 'bundled', 'src:/pagefind/pagefind-ui.js'], files[i]).toContain(kind);
      }
      for (const el of elements(html).filter((e) => e.tag === 'script')) {
        // JSON-LD carries clip titles as data, with every `<` escaped; code never carries them.
        if (attribute(el.open, 'type') === 'application/ld+json') expect(el.text, files[i]).not.toContain('<');
        else expect(el.text, files[i]).not.toContain('alert(');
      }
      expect(
        elements(html).filter((e) => e.tag === 'iframe'),
        files[i],
      ).toEqual([]);
    }
  });

  it('gives each post social metadata, a per-post image and BlogPosting JSON-LD with its clips', async () => {
    expectBuildOk(result);
    const html = await readPage(project, join('posts', '2026-11-03-idempotency-keys-explained-60-seconds-stripe'));
    expect(meta(html, 'og:type')).toBe('article');
    expect(meta(html, 'og:title')).toBe(
      'Idempotency keys explained in 60 seconds, and Stripe webhook retries are hammering prod',
    );
    expect(meta(html, 'og:image')).toMatch(/^https:\/\/static-cdn\.jtvnw\.net\/.*-preview-480x272\.jpg$/);
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    const ld = elements(html).find((e) => e.tag === 'script' && attribute(e.open, 'type') === 'application/ld+json');
    const data = JSON.parse(ld?.text ?? 'null');
    expect(data['@type']).toBe('BlogPosting');
    expect(data.video).toHaveLength(4);
    expect(data.video.map((v: { '@type': string }) => v['@type'])).toEqual(Array(4).fill('VideoObject'));
    expect(data.video.map((v: { name: string }) => v.name)).toContain(
      "<script>alert('clip')</script> chat tried XSS on the overlay lol",
    );
    expect(html).toMatch(/\d+ min read/);
  });

  it('shows each clip as a thumbnail button whose player URL lists the site host as parent', async () => {
    expectBuildOk(result);
    const html = await readPage(project, join('posts', '2026-11-03-idempotency-keys-explained-60-seconds-stripe'));
    const buttons = elements(html).filter((e) => e.tag === 'button' && attribute(e.open, 'data-player'));
    expect(buttons).toHaveLength(4);
    for (const button of buttons) {
      const url = new URL(attribute(button.open, 'data-player') ?? '');
      expect(url.origin + url.pathname).toBe('https://clips.twitch.tv/embed');
      expect(url.searchParams.getAll('parent')).toEqual(['localhost']);
    }
  });

  it('puts a content security policy on every page that allows no inline script but the theme bootstrap', async () => {
    expectBuildOk(result);
    const files = await htmlFiles(project.path('dist', 'client'));
    for (const file of files) {
      const html = await readClient(project, file);
      const policy = cspOf(html);
      expect(policy, file).toBeDefined();
      // First in <head>: a policy only covers the elements after it.
      expect(html.indexOf('http-equiv="content-security-policy"'), file).toBeLessThan(html.indexOf('<script'));
      const scriptSrc = policy?.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      const theme = elements(html).find((e) => e.tag === 'script' && e.text.includes("localStorage.getItem('theme')"));
      const themeHash = createHash('sha256')
        .update(theme?.text ?? '')
        .digest('base64');
      expect(scriptSrc.trim().split(/\s+/), file).toEqual([
        'script-src',
        "'self'",
        "'wasm-unsafe-eval'",
        `'sha256-${themeHash}'`,
      ]);
      expect(policy, file).toContain("style-src 'self'");
      expect(policy, file).toContain('frame-src https://clips.twitch.tv');
      expect(policy, file).toContain("object-src 'none'");
    }
  });

  it('publishes an RSS feed, a sitemap and a search index of the published posts', async () => {
    expectBuildOk(result);
    const published = (await realPosts()).filter((p) => p.published);
    const rss = await readClient(project, 'rss.xml');
    const sitemap = await readClient(project, 'sitemap-0.xml');
    const search = await searchIndexText(project.path('dist', 'client'));
    for (const { slug } of published) {
      expect(rss).toContain(`/posts/${slug}/</link>`);
      expect(sitemap).toContain(`/posts/${slug}/</loc>`);
      expect(search).toContain(`"url":"/posts/${slug}/"`);
    }
    expect(sitemap).not.toContain('404');
    expect(existsSync(project.path('dist', 'client', 'pagefind', 'pagefind-ui.js'))).toBe(true);
  });
});

describe('astro build with added posts', () => {
  let project: AstroProject;
  let result: BuildResult;

  beforeAll(async () => {
    project = await freshProject();
    const dir = project.path('content', 'posts', '2026');
    await writeFile(join(dir, 'a-draft.md'), post({ title: 'Draft post title', draft: true, tags: ['secret-tag'] }));
    await writeFile(
      join(dir, 'a-scheduled.md'),
      post({ title: 'Scheduled post title', publish_at: '2099-01-01T00:00:00Z', tags: ['secret-tag', 'filler'] }),
    );
    await addHostilePost(project.root);
    await addFillerPosts(project.root, 60);
    result = await project.build({
      SITE_URL: 'https://streamlog.example',
      SITE_HOSTS: 'localhost, preview.streamlog.example',
    });
  });

  it('keeps drafts and scheduled posts out of every page, the feed, the sitemap and the search index', async () => {
    expectBuildOk(result);
    const client = project.path('dist', 'client');
    const everything = [
      ...(await Promise.all((await htmlFiles(client)).map((file) => readClient(project, file)))),
      await readClient(project, 'rss.xml'),
      await readClient(project, 'sitemap-0.xml'),
      await searchIndexText(client),
    ].join('\n');
    expect(everything).toContain('Filler post 60');
    expect(everything).not.toContain('Draft post title');
    expect(everything).not.toContain('Scheduled post title');
    expect(everything).not.toContain('secret-tag');
    expect(existsSync(project.path('dist', 'client', 'posts', 'a-draft'))).toBe(false);
    expect(existsSync(project.path('dist', 'client', 'posts', 'a-scheduled'))).toBe(false);
  });

  it('paginates the home page and tag pages, linking the pages both ways', async () => {
    expectBuildOk(result);
    const page2 = await readPage(project, join('page', '2'));
    expect(links(page2, 'prev')).toEqual(['/']);
    expect(links(page2, 'next')).toEqual(['/page/3/']);
    // 3 sample posts, the hostile one and 60 fillers: 64 posts, 10 a page.
    expect(existsSync(project.path('dist', 'client', 'page', '7', 'index.html'))).toBe(true);
    expect(existsSync(project.path('dist', 'client', 'page', '8'))).toBe(false);
    const tag2 = await readPage(project, join('tags', 'filler', 'page', '2'));
    expect(tag2).toContain('Filler post 60');
    expect(links(tag2, 'prev')).toEqual(['/tags/filler/']);
    expect(links(tag2, 'next')).toEqual([]);
  });

  it('drops raw HTML and script URLs from a post body and keeps its text', async () => {
    expectBuildOk(result);
    const html = await readPage(project, join('posts', HOSTILE_SLUG));
    const prose = html.slice(html.indexOf('class="prose"'), html.indexOf('id="post-clips"'));
    expect(prose).toContain('Quoted from chat:');
    expect(activeContent(prose)).toEqual([]);
    expect(elements(prose).filter((e) => e.tag === 'script')).toEqual([]);
    expect(prose).toContain('and bold.');
    expect(prose).toContain('<a href="https://example.com/x">web</a>');
    // Code is highlighted with classes, and its `<script>` is text.
    expect(prose).toContain('<pre class="language-php"><code class="language-php">');
    expect(prose).toMatch(/<span class="token string[^"]*">"&lt;script&gt;/);
  });

  it('renders every hostile field as escaped text and no element or handler from it', async () => {
    expectBuildOk(result);
    const html = await readPage(project, join('posts', HOSTILE_SLUG));
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;');
    expect(html).toContain('&lt;svg onload=&quot;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=&quot;');
    expect(activeContent(html)).toEqual([]);
    for (const el of elements(html)) {
      if (el.tag === 'img') expect(attribute(el.open, 'src') ?? 'https://none').toMatch(/^https:\/\//);
      if (el.tag === 'script' && attribute(el.open, 'type') !== 'application/ld+json')
        expect(el.text).not.toContain(PROBE);
    }
  });

  it("lists SITE_URL's host and every SITE_HOSTS entry as the Twitch player parent", async () => {
    expectBuildOk(result);
    const html = await readPage(project, join('posts', HOSTILE_SLUG));
    const button = elements(html).find((e) => e.tag === 'button' && attribute(e.open, 'data-player'));
    const url = new URL(attribute(button?.open ?? '', 'data-player') ?? '');
    expect(url.searchParams.getAll('parent')).toEqual(['streamlog.example', 'localhost', 'preview.streamlog.example']);
    expect(html).toContain('<link rel="canonical" href="https://streamlog.example/posts/a-hostile-day/">');
  });
});

describe('astro build prerendering in workerd', () => {
  it('still indexes every published post for search, from the content', async () => {
    const project = await freshProject();
    const config = project.path('astro.config.mjs');
    const source = await readFile(config, 'utf8');
    expect(source).toContain("prerenderEnvironment: 'node'");
    await writeFile(config, source.replace("prerenderEnvironment: 'node'", "prerenderEnvironment: 'workerd'"));

    const result = await project.build();

    expectBuildOk(result);
    expect(result.output).toMatch(/indexed \d+ posts from the content/);
    const search = await searchIndexText(project.path('dist', 'client'));
    for (const { slug, published } of await realPosts()) {
      expect(search.includes(`"url":"/posts/${slug}/"`), slug).toBe(published);
    }
  });
});

describe('astro build when the search feed does not match the post pages', () => {
  it('indexes the built post pages instead', async () => {
    const project = await freshProject();
    // A page under /posts/ that no post feeds, as a post going live mid-build would be.
    await writeFile(
      project.path('site', 'pages', 'posts', 'handmade.astro'),
      '<html lang="en"><body><article data-pagefind-body><h1>Handmade zebrafish page</h1></article></body></html>\n',
    );

    const result = await project.build();

    expectBuildOk(result);
    expect(result.output).toMatch(/indexed \d+ posts from the built pages/);
    const search = await searchIndexText(project.path('dist', 'client'));
    expect(search).toContain('"url":"/posts/handmade/"');
    for (const { slug, published } of await realPosts()) {
      expect(search.includes(`"url":"/posts/${slug}/"`), slug).toBe(published);
    }
  });
});

describe('astro build with invalid content', () => {
  /** Builds a fresh project in which the item `id` has `changes` applied to its file. */
  async function buildWithItemChanged(id: string, changes: Record<string, unknown>): Promise<BuildResult> {
    const project = await freshProject();
    const file = project.path('content', 'items', `${id}.json`);
    const item = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...item, ...changes }, null, 2));
    return project.build();
  }

  it('fails naming the item file and the field when an item breaks the ContentItem schema', async () => {
    const result = await buildWithItemChanged(SOME_ITEM, { clip_view_count: -1 });

    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`content/items/${SOME_ITEM}.json`);
    expect(result.output).toMatch(/clip_view_count: Too small/);
  });

  it('fails naming the field when an item carries a javascript: clip URL', async () => {
    const result = await buildWithItemChanged(XSS_ITEM, { clip_url: 'javascript:alert(1)' });

    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`content/items/${XSS_ITEM}.json`);
    expect(result.output).toMatch(/clip_url: /);
  });

  it('fails naming the post and the id when a post references an item that does not exist', async () => {
    const project = await freshProject();
    await writeFile(
      project.path('content', 'posts', '2026', 'dangling.md'),
      post({ draft: true, content_item_ids: [SOME_ITEM, 'twitch-NoSuchClip-0000'] }),
    );

    const result = await project.build();

    expect(result.code).not.toBe(0);
    expect(result.output).toContain('content/posts/2026/dangling.md');
    expect(result.output).toContain('twitch-NoSuchClip-0000');
  });

  it('fails when an item file name is not its content_item_id', async () => {
    const result = await buildWithItemChanged(SOME_ITEM, { content_item_id: 'twitch-SomethingElse' });

    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`content/items/${SOME_ITEM}.json`);
    expect(result.output).toContain('content_item_id must equal the file name');
  });
});
