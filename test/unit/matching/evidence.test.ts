import { describe, expect, it } from 'vitest';
import { matchClip } from '../../../core/matching/match-clip.ts';
import { setAsideLinks } from '../../../core/matching/nearby.ts';
import { placeClip } from '../../../core/matching/place-clip.ts';
import { tokens } from '../../../core/matching/tokens.ts';
import type { GitHubActivity } from '../../../core/pipeline/contracts.ts';
import { GitHubContext } from '../../../core/schemas/github-context.ts';
import { scoreItem, scoreMatched } from '../../../core/scoring/score-item.ts';
import { githubLinks } from '../../../site/lib/github.ts';
import { detailsOf, enhancedItemOf, helixClips, manifestClips, timingOf, USERNAME } from './fixture-world.ts';

/**
 * A link is earned by more than time: a shared topic word or `#n` reference, or the repository
 * named. Everything else in the window is `nearby`: shown to a reviewer, never linked or cited.
 */

const CLIP_END = '2026-11-03T18:21:00Z';
const placed = placeClip({
  clip_created_at: CLIP_END,
  clip_duration: 60,
  vod_offset: null,
  video_id: null,
  video_started_at: null,
});
const OPTIONS = { username: USERNAME, now: '2026-11-10T01:40:00Z' };
/** Two minutes after the clip: as close in time as a link can get. */
const TWO_MIN_LATER = '2026-11-03T18:23:00Z';

function commit(message: string, repository = 'codewithmara/dotfiles', at = TWO_MIN_LATER): GitHubActivity {
  const sha = `${message.length.toString(16).padStart(2, '0')}${'ab'.repeat(19)}`;
  return {
    kind: 'commit',
    id: sha,
    sha,
    message,
    author_login: USERNAME,
    url: `https://github.com/${repository}/commit/${sha}`,
    repository,
    occurred_at: at,
  };
}

function pull(number: number, title: string, repository = 'codewithmara/dotfiles'): GitHubActivity {
  return {
    kind: 'pull_request',
    id: `${repository}#${number}:merged`,
    number,
    title,
    state: 'merged',
    action: 'merged',
    url: `https://github.com/${repository}/pull/${number}`,
    repository,
    occurred_at: TWO_MIN_LATER,
  };
}

function match(title: string, transcript: string, activity: GitHubActivity[]) {
  return GitHubContext.parse(matchClip(placed, { title, transcript }, activity, OPTIONS));
}

function linked(context: GitHubContext) {
  return [...context.commits, ...context.pull_requests, ...context.issues, ...context.releases];
}

const STRIPE_CLIP = {
  title: 'Stripe webhook retries',
  transcript: 'Every Stripe event gets an idempotency key, so retries never send a second receipt.',
};

describe('links need evidence beyond time', () => {
  it('keeps an event 2 min after the clip, in a repository and topic the clip never touches, nearby', () => {
    const context = match(STRIPE_CLIP.title, STRIPE_CLIP.transcript, [commit('tmux: bind prefix to C-a')]);
    expect(linked(context)).toEqual([]);
    expect(context.repositories).toEqual([]);
    expect(context.nearby).toEqual([
      {
        kind: 'commit',
        url: `https://github.com/codewithmara/dotfiles/commit/18${'ab'.repeat(19)}`,
        repository: 'codewithmara/dotfiles',
        occurred_at: TWO_MIN_LATER,
        offset_seconds: 120,
        label: `18ababa tmux: bind prefix to C-a`,
        reason: 'pushed 2 min after the clip in codewithmara/dotfiles; linked by time only; not cited',
      },
    ]);
  });

  it('links an event that shares a topic word with the clip', () => {
    const context = match(STRIPE_CLIP.title, STRIPE_CLIP.transcript, [commit('idempotency: dedupe on insert')]);
    expect(context.commits).toHaveLength(1);
    expect(context.commits[0]?.reason).toBe(
      'pushed 2 min after the clip in codewithmara/dotfiles; both mention idempotency',
    );
    expect(context.nearby).toEqual([]);
  });

  it('never turns nearby activity into a card on the blog', () => {
    const context = match(STRIPE_CLIP.title, STRIPE_CLIP.transcript, [
      commit('idempotency: dedupe on insert'),
      commit('tmux: bind prefix to C-a'),
    ]);
    expect(context.nearby).toHaveLength(1);
    const cards = githubLinks(context).map((card) => card.url);
    expect(cards).toEqual(context.commits.map((c) => c.url));
    expect(cards).not.toContain(context.nearby?.[0]?.url);
  });

  it('does not count generic words or stop words as a shared topic', () => {
    const context = match('fixing the error', 'we need to update the code and fix this error first', [
      commit('fix: update code to handle the error'),
    ]);
    expect(linked(context)).toEqual([]);
    expect(context.nearby?.[0]?.reason).toMatch(/linked by time only; not cited$/);
  });

  it('links an event in a repository the clip names, without shared words', () => {
    const context = match('back on the invoice app', 'okay where were we', [
      commit('tmux: bind prefix to C-a', 'codewithmara/ai-invoice-app'),
    ]);
    expect(context.commits[0]?.reason).toBe(
      'pushed 2 min after the clip in codewithmara/ai-invoice-app; the clip names the repository',
    );
    expect(context.repositories).toEqual(['codewithmara/ai-invoice-app']);
  });

  it.each([
    ['#13', 'merging #13 now'],
    ['PR 13', 'merging PR 13 now'],
    ['pull request 13', 'merging pull request 13 now'],
    ['PR #13', 'merging PR #13 now'],
  ])('links the pull request the clip names as %s', (_name, transcript) => {
    const context = match('live merge', transcript, [pull(13, 'Dropzone for uploads'), pull(14, 'Dropzone polish')]);
    expect(context.pull_requests.map((p) => p.number)).toEqual([13]);
    expect(context.pull_requests[0]?.reason).toBe(
      'pull request #13 merged 2 min after the clip in codewithmara/dotfiles; both mention #13',
    );
    expect(context.nearby?.map((n) => n.label)).toEqual(['#14 Dropzone polish']);
  });

  it('reads "PR 13" and "issue number 41" as references, and a bare number as nothing', () => {
    expect([...tokens('PR 13 and issue number 41, pull-request #7')].filter((t) => t.startsWith('#')).sort()).toEqual([
      '#13',
      '#41',
      '#7',
    ]);
    expect([...tokens('we sent 13 payouts')].some((t) => t.startsWith('#'))).toBe(false);
  });

  it('keeps at most 10 nearby, nearest first, and nothing outside the window', () => {
    const activity = Array.from({ length: 14 }, (_, i) =>
      commit(
        `tmux tweak ${'x'.repeat(i)}`,
        'codewithmara/dotfiles',
        new Date(Date.parse(CLIP_END) + (i + 1) * 60_000).toISOString().replace('.000Z', 'Z'),
      ),
    );
    activity.push(commit('tmux far away', 'codewithmara/dotfiles', '2026-11-03T19:00:00Z'));
    const context = match(STRIPE_CLIP.title, STRIPE_CLIP.transcript, activity);
    expect(linked(context)).toEqual([]);
    expect(context.nearby?.map((n) => n.offset_seconds)).toEqual([60, 120, 180, 240, 300, 360, 420, 480, 540, 600]);
  });
});

describe('off-topic clips keep no links', () => {
  const entry = manifestClips().find((clip) => clip.key === 'B5');
  const clip = entry && helixClips().get(entry.clip_id);
  if (!clip) throw new Error('no Minecraft clip in the fixture world');
  const item = enhancedItemOf(clip);
  // A push right after the Minecraft clip that shares its words: linked by the matcher...
  const placedB5 = placeClip(timingOf(clip));
  const at = new Date(placedB5.end_ms + 60_000).toISOString().replace('.000Z', 'Z');
  const context = matchClip(
    placedB5,
    { title: clip.title, transcript: 'the creeper got me again' },
    [commit('creeper farm: redstone clock', 'codewithmara/block-notes', at)],
    OPTIONS,
  );

  it('moves every link of a gaming clip to nearby and scores the clip alone', () => {
    expect(context.commits).toHaveLength(1);
    const { context: settled, score } = scoreMatched(item, context, detailsOf(clip));
    expect(score.content_category).toBe('gaming');
    expect(linked(settled)).toEqual([]);
    expect(settled.repositories).toEqual([]);
    expect(settled.nearby?.[0]?.reason).toMatch(
      /^pushed 1 min after the clip in codewithmara\/block-notes; both mention creeper; the clip is off-topic \(gaming\); not cited$/,
    );
    expect(GitHubContext.safeParse(settled).success).toBe(true);
    // ...the score is what the clip earns without any GitHub context.
    expect(score).toEqual(scoreItem(item, detailsOf(clip)));
  });

  it('leaves a development clip’s links where they are', () => {
    const details = { game_id: '1469308723', broadcaster_language: 'en' };
    const { context: settled, score } = scoreMatched(item, context, details);
    expect(score.content_category).toBe('development');
    expect(settled).toBe(context);
  });

  it('keeps the nearest ten when links and nearby are merged', () => {
    const many = setAsideLinks(
      {
        ...context,
        nearby: Array.from({ length: 10 }, (_, i) => ({
          kind: 'issue' as const,
          url: `https://github.com/codewithmara/block-notes/issues/${i + 1}`,
          repository: 'codewithmara/block-notes',
          occurred_at: at,
          offset_seconds: 120 + i,
          label: `#${i + 1} far`,
          reason: 'issue opened 2 min after the clip; linked by time only; not cited',
        })),
      },
      'the clip is off-topic (gaming)',
    );
    expect(many.nearby).toHaveLength(10);
    expect(many.nearby?.[0]?.kind).toBe('commit');
    expect(many.nearby?.at(-1)?.label).toBe('#9 far');
  });
});
