import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import { ContentItem } from '../../core/schemas/content-item.ts';
import { githubContextFromFixtures } from '../fixtures/builders.ts';
import { fixture } from '../fixtures/load.ts';

/**
 * Content built from hostile text, for build and browser tests: the fixtures' XSS clip title and
 * prompt-injection transcript, plus payloads of our own in every field a reader sees. Each payload
 * either calls `alert` (a dialog) or logs PROBE (a console message): a browser test that sees
 * neither, and finds the text on the page, has proved it was rendered as text.
 */
export const PROBE = 'XSS-PROBE';
const run = `console.log('${PROBE}');alert(1)`;

export const HOSTILE = {
  clipTitle: `"><img src=x onerror="${run}"> <script>${run}</script> **not bold**`,
  transcript: `</blockquote><script>${run}</script><iframe src="javascript:${run}"></iframe> [click](javascript:${run})`,
  commit: `fix: <svg onload="${run}"> & <a href="javascript:${run}">link</a>\n\nbody <script>${run}</script>`,
  pullTitle: `<iframe srcdoc="<script>${run}</script>"></iframe> {{ constructor.constructor('${run}')() }}`,
  reason: `<img src=x onerror=${run}> matched by [reason](javascript:${run})`,
  postTitle: `</title><script>${run}</script> A hostile day`,
  postDescription: `"><svg onload=${run}> </script><script>${run}</script>`,
  body: `Quoted from chat:

<script>${run}</script>

Inline <img src=x onerror="${run}"> and <b onclick="${run}">bold</b>. <iframe src="https://evil.example"></iframe>

[js](javascript:${run}) [entity](&#106;avascript:${run}) [data](data:text/html,<script>${run}</script>)
[ref][r] <javascript:${run}>

![pic](javascript:${run})

[web](https://example.com/x) [here](#post-clips)

\`\`\`php
echo "<script>${run}</script>"; // highlighted, still text
\`\`\`

[r]: javascript:${run}
`,
};

export const HOSTILE_ITEM_ID = 'twitch-HostileProbeClip-x1';
export const HOSTILE_SLUG = 'a-hostile-day';

/** A valid ContentItem whose every free-text field is a payload; the rest is the fixture XSS clip's. */
export async function hostileItem(root: string): Promise<ContentItem> {
  const base = JSON.parse(
    await readFile(join(root, 'content', 'items', 'twitch-SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp.json'), 'utf8'),
  );
  const injection = fixture('transcripts/WildSneakyBadgerTriHard-Jm4vQ9zLr2Kp7Xs1.json') as { text: string };
  const context = githubContextFromFixtures();
  const [commit] = context.commits;
  const [pull] = context.pull_requests;
  return ContentItem.parse({
    ...base,
    content_item_id: HOSTILE_ITEM_ID,
    clip_id: 'HostileProbeClip-x1',
    clip_url: 'https://clips.twitch.tv/HostileProbeClip-x1',
    clip_embed_url: 'https://clips.twitch.tv/embed?clip=HostileProbeClip-x1',
    clip_title: HOSTILE.clipTitle,
    creator_name: `<b onmouseover=${run}>chat</b>`,
    transcript: { ...base.transcript, text: `${HOSTILE.transcript} ${injection.text}` },
    github_context: {
      ...context,
      commits: commit
        ? [{ ...commit, message: HOSTILE.commit, reason: HOSTILE.reason }, ...context.commits.slice(1)]
        : [],
      pull_requests: pull ? [{ ...pull, title: HOSTILE.pullTitle }, ...context.pull_requests.slice(1)] : [],
    },
  });
}

/** Front matter and body of a post, with test defaults. */
export function postFile(frontmatter: Record<string, unknown>, body = 'Body.'): string {
  return matter.stringify(body, {
    title: 'A test post',
    description: 'Written by the test.',
    publish_at: '2026-11-04T15:00:00Z',
    content_type: 'daily_recap',
    period: { start: '2026-11-03', end: '2026-11-03' },
    timezone: 'America/Mexico_City',
    content_item_ids: ['twitch-TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'],
    ...frontmatter,
  });
}

/** Writes the hostile item and a published post built around it into a project copy. */
export async function addHostilePost(root: string): Promise<void> {
  const item = await hostileItem(root);
  await writeFile(join(root, 'content', 'items', `${HOSTILE_ITEM_ID}.json`), JSON.stringify(item, null, 2));
  await writeFile(
    join(root, 'content', 'posts', '2026', `${HOSTILE_SLUG}.md`),
    postFile(
      {
        title: HOSTILE.postTitle,
        description: HOSTILE.postDescription,
        publish_at: '2026-11-05T15:00:00Z',
        tags: ['security'],
        content_item_ids: [HOSTILE_ITEM_ID, 'twitch-SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp'],
        hero_clip_id: 'HostileProbeClip-x1',
      },
      HOSTILE.body,
    ),
  );
}

/** `count` ordinary published posts, a day apart, ending at 2026-10-31, for pagination. */
export async function addFillerPosts(root: string, count: number, tags: string[] = ['filler']): Promise<void> {
  const end = Date.parse('2026-10-31T15:00:00Z');
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      writeFile(
        join(root, 'content', 'posts', '2026', `filler-${String(i + 1).padStart(3, '0')}.md`),
        postFile({
          title: `Filler post ${i + 1}`,
          publish_at: new Date(end - i * 86_400_000).toISOString().replace('.000Z', 'Z'),
          tags,
        }),
      ),
    ),
  );
}
