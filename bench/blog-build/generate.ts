import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';

const TAGS = [
  'laravel',
  'vue',
  'inertia',
  'react',
  'workers',
  'python',
  'stripe',
  'webhooks',
  'idempotency',
  'llm',
  'workers-ai',
  'ocr',
  'invoices',
  'testing',
  'queues',
  'd1',
  'r2',
  'auth',
  'payments',
  'typescript',
  'php',
  'sql',
  'caching',
  'debugging',
  'refactoring',
  'performance',
  'security',
  'deploy',
  'ci',
  'docker',
  'tailwind',
  'vite',
  'astro',
  'zod',
  'openapi',
  'hmac',
  'cron',
  'email',
  'pdf',
  'i18n',
];

const WORDS =
  'the handler retried the webhook because the queue was slow so we added a unique index and moved the work to a job then the tests went green and chat asked why the invoice total was off by a hundred which was cents versus pesos'.split(
    ' ',
  );

function sentence(seed: number, length: number): string {
  const words = Array.from({ length }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length] ?? 'code');
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** A realistic post body: about 450 words with headings, a list, links, inline code and a code block. */
function body(n: number): string {
  const paragraph = (k: number) => Array.from({ length: 5 }, (_, i) => sentence(n + k + i, 14)).join(' ');
  return `${paragraph(1)}

## What broke

${paragraph(2)} See [issue #${n % 97}](https://github.com/codewithmara/payments-api/issues/${n % 97}).

- ${sentence(n, 8)}
- ${sentence(n + 1, 9)} with \`processed_webhook_events\`
- ${sentence(n + 2, 7)}

## The fix

${paragraph(3)}

\`\`\`php
Schema::create('processed_webhook_events', function (Blueprint $table) {
    $table->string('stripe_event_id')->unique();
});
\`\`\`

${paragraph(4)} The change landed in [PR #${n % 53}](https://github.com/codewithmara/payments-api/pull/${n % 53}).

## What's next

${paragraph(5)}
`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface GeneratedPost {
  /** Path relative to the posts folder, e.g. `2026/day-0001.md`. */
  path: string;
  frontmatter: Record<string, unknown>;
  body: string;
}

/**
 * `count` published daily-recap posts, one per day going back from 2026-11-01, each with two
 * clips (content items) carrying a transcript and GitHub context, as the pipeline writes them.
 */
export async function generateContent(
  template: Record<string, unknown>,
  count: number,
): Promise<{ posts: GeneratedPost[]; items: Record<string, unknown>[] }> {
  const posts: GeneratedPost[] = [];
  const items: Record<string, unknown>[] = [];
  const end = Date.parse('2026-11-01T15:00:00Z');
  for (let n = 1; n <= count; n++) {
    const day = end - n * 86_400_000;
    const date = iso(day).slice(0, 10);
    const ids = [0, 1].map((k) => `twitch-BenchClip${n}x${k}-${(n * 31 + k).toString(36)}`);
    ids.forEach((id, k) => {
      const clipId = id.replace(/^twitch-/, '');
      items.push({
        ...template,
        content_item_id: id,
        clip_id: clipId,
        clip_title: `${sentence(n + k, 6)} #${n}`,
        clip_url: `https://clips.twitch.tv/${clipId}`,
        clip_embed_url: `https://clips.twitch.tv/embed?clip=${clipId}`,
        clip_created_at: iso(day - 3 * 3600_000 + k * 600_000),
        content_score: (n * 17 + k * 29) % 100,
        transcript: {
          ...(template.transcript as object),
          text: Array.from({ length: 4 }, (_, i) => sentence(n + k + i, 12)).join(' '),
        },
      });
    });
    const slug = `day-${String(n).padStart(4, '0')}`;
    posts.push({
      path: `${date.slice(0, 4)}/${slug}.md`,
      frontmatter: {
        title: `Day ${n}: ${sentence(n, 6).slice(0, -1)}`,
        description: sentence(n + 3, 18),
        publish_at: iso(day + 6 * 3600_000),
        draft: false,
        content_type: 'daily_recap',
        period: { start: date, end: date },
        timezone: 'America/Mexico_City',
        tags: [TAGS[n % TAGS.length], TAGS[(n * 7 + 3) % TAGS.length], TAGS[(n * 11 + 5) % TAGS.length]].filter(
          (tag, i, all) => all.indexOf(tag) === i,
        ),
        content_item_ids: ids,
        repositories: ['codewithmara/payments-api'],
      },
      body: body(n),
    });
  }
  return { posts, items };
}

/** Replaces `<root>/content` with the generated posts and items. */
export async function writeStreamlogContent(
  root: string,
  content: { posts: GeneratedPost[]; items: Record<string, unknown>[] },
): Promise<void> {
  await rm(join(root, 'content'), { recursive: true, force: true });
  await writePosts(join(root, 'content', 'posts'), content.posts);
  await mkdir(join(root, 'content', 'items'), { recursive: true });
  await Promise.all(
    content.items.map((item) =>
      writeFile(join(root, 'content', 'items', `${String(item.content_item_id)}.json`), JSON.stringify(item, null, 2)),
    ),
  );
}

/** Writes posts as markdown files with YAML front matter under `dir`. */
export async function writePosts(dir: string, posts: GeneratedPost[]): Promise<void> {
  const folders = new Set(posts.map((post) => join(dir, post.path, '..')));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  await Promise.all(
    posts.map((post) => writeFile(join(dir, post.path), matter.stringify(post.body, post.frontmatter))),
  );
}

/** A sample item of the repository, used as the shape every generated item copies. */
export async function itemTemplate(repoRoot: string): Promise<Record<string, unknown>> {
  const file = join(repoRoot, 'content', 'items', 'twitch-BraveEagerSalamanderPJSalt-4kQ2mVn8Xc1RtY7b.json');
  return JSON.parse(await readFile(file, 'utf8'));
}
