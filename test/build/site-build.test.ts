import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostFrontmatter } from '../../core/schemas/post.ts';
import { isPublished } from '../../site/lib/visibility.ts';
import { type AstroProject, type BuildResult, copyProject, repoRoot } from './astro-project.ts';

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

function post(frontmatter: Record<string, unknown>, body = 'Body.'): string {
  return matter.stringify(body, {
    title: 'A test post',
    description: 'Written by the build test.',
    publish_at: '2026-11-04T15:00:00Z',
    content_type: 'daily_recap',
    period: { start: '2026-11-03', end: '2026-11-03' },
    timezone: 'America/Mexico_City',
    content_item_ids: [SOME_ITEM],
    ...frontmatter,
  });
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

  it('writes the home page and a page for every published post, and only those', async () => {
    expectBuildOk(result);
    const posts = await realPosts();
    expect(posts.filter((p) => p.published).length).toBeGreaterThanOrEqual(2);
    const home = await readPage(project, '');
    for (const { slug, published } of posts) {
      expect(existsSync(project.path('dist', 'client', 'posts', slug, 'index.html')), slug).toBe(published);
      expect(home.includes(`href="/posts/${slug}/"`), slug).toBe(published);
    }
  });

  it('renders hostile clip titles as escaped text and ships no script at all', async () => {
    expectBuildOk(result);
    const pages = await Promise.all(
      (await realPosts()).filter((p) => p.published).map((p) => readPage(project, join('posts', p.slug))),
    );
    const all = [await readPage(project, ''), ...pages].join('\n');
    expect(all).toContain('&lt;script&gt;alert(&#39;clip&#39;)&lt;/script&gt; chat tried XSS on the overlay lol');
    expect(all).toContain('>**idempotency keys** explained in 60 seconds<');
    expect(all).not.toMatch(/<script/i);
    expect(all).toContain(`id="clip-${XSS_ITEM.replace(/^twitch-/, '')}"`);
  });
});

const HOSTILE_BODY = `Quoted from chat:

<script>alert('body')</script>

Inline <img src=x onerror="alert('img')"> and <b onclick="alert('b')">bold</b>.

[js](javascript:alert('link')) [entity](&#106;avascript:alert('entity')) [data](data:text/html,hi)
[web](https://example.com/x) [here](#clips)

![pic](javascript:alert('src'))
`;

describe('astro build with added posts', () => {
  let project: AstroProject;
  let result: BuildResult;

  beforeAll(async () => {
    project = await freshProject();
    const dir = project.path('content', 'posts', '2026');
    await writeFile(join(dir, 'a-draft.md'), post({ title: 'Draft post title', draft: true }));
    await writeFile(
      join(dir, 'a-scheduled.md'),
      post({ title: 'Scheduled post title', publish_at: '2099-01-01T00:00:00Z' }),
    );
    await writeFile(
      join(dir, 'a-visible.md'),
      post({ title: 'Visible post title', publish_at: '2000-01-01T00:00:00Z' }, HOSTILE_BODY),
    );
    result = await project.build();
  });

  it('leaves drafts and scheduled posts out of the home page and builds no page for them', async () => {
    expectBuildOk(result);
    const home = await readPage(project, '');
    expect(home).toContain('Visible post title');
    expect(home).not.toContain('Draft post title');
    expect(home).not.toContain('Scheduled post title');
    expect(existsSync(project.path('dist', 'client', 'posts', 'a-visible', 'index.html'))).toBe(true);
    expect(existsSync(project.path('dist', 'client', 'posts', 'a-draft'))).toBe(false);
    expect(existsSync(project.path('dist', 'client', 'posts', 'a-scheduled'))).toBe(false);
  });

  it('drops raw HTML and script URLs from a post body and keeps web links', async () => {
    expectBuildOk(result);
    const page = await readPage(project, join('posts', 'a-visible'));
    expect(page).not.toMatch(/<script|onerror|onclick|javascript:|data:text/i);
    expect(page).not.toContain('alert(');
    expect(page).toContain('<a href="https://example.com/x">web</a>');
    expect(page).toContain('<a href="#clips">here</a>');
  });
});

describe('astro build with invalid content', () => {
  it('fails naming the item file and the field when an item breaks the ContentItem schema', async () => {
    const project = await freshProject();
    const file = project.path('content', 'items', `${SOME_ITEM}.json`);
    const item = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...item, clip_view_count: -1 }, null, 2));

    const result = await project.build();

    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`content/items/${SOME_ITEM}.json`);
    expect(result.output).toMatch(/clip_view_count: Too small/);
  });

  it('fails naming the field when an item carries a javascript: clip URL', async () => {
    const project = await freshProject();
    const file = project.path('content', 'items', `${XSS_ITEM}.json`);
    const item = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...item, clip_url: 'javascript:alert(1)' }, null, 2));

    const result = await project.build();

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
    const project = await freshProject();
    const file = project.path('content', 'items', `${SOME_ITEM}.json`);
    const item = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...item, content_item_id: 'twitch-SomethingElse' }, null, 2));

    const result = await project.build();

    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`content/items/${SOME_ITEM}.json`);
    expect(result.output).toContain('content_item_id must equal the file name');
  });
});
