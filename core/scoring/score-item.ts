import { linkCount, setAsideLinks } from '../matching/nearby.ts';
import type { ClipDetails } from '../pipeline/contracts.ts';
import type { ContentCategory, ContentItem } from '../schemas/content-item.ts';
import type { GitHubContext } from '../schemas/github-context.ts';
import { DEVELOPMENT_GAME_IDS, NON_GAME_IDS, TAG_VOCABULARY, TECHNICAL_WORDS } from './vocabulary.ts';

export interface ItemScore {
  content_score: number;
  content_tags: string[];
  content_category: ContentCategory;
}

const MAX_TAGS = 8;

/**
 * Deterministic score (0–100), tags and category for an item. Same item, same details, same answer:
 * no clock, no randomness, no model. The AI may refine these later; these rules are the floor.
 *
 * Category: a Twitch game that is not a development or talk category makes the clip `gaming`
 * (the Minecraft clip), whatever was said; a development category with technical speech or linked
 * GitHub activity is `development`; a tutorial is development that walks through steps. Links are
 * the context's lists only, each earned by more than time; `nearby` activity never counts.
 */
export function scoreItem(item: ContentItem, details: ClipDetails): ItemScore {
  const transcript = item.transcript?.text ?? '';
  const context = item.github_context;
  const links = context ? [...context.commits, ...context.pull_requests, ...context.issues, ...context.releases] : [];
  const githubText = context
    ? [
        ...context.commits.map((c) => c.message),
        ...context.pull_requests.map((p) => p.title),
        ...context.issues.map((i) => i.title),
        ...context.releases.map((r) => r.name ?? r.tag_name),
      ].join('\n')
    : '';
  const spoken = `${item.clip_title}\n${transcript}`.toLowerCase();
  const technicalWords = spoken.match(TECHNICAL_WORDS)?.length ?? 0;
  const spokenTopics = TAG_VOCABULARY.filter(
    ({ tag, pattern }) => !GAMING_TAGS.has(tag) && pattern.test(spoken),
  ).length;
  const category = categorise(details.game_id, { technicalWords, spokenTopics }, links.length, spoken);
  // A gaming clip's tags come from the clip alone; linked commits would mislabel it.
  const tagText = category === 'gaming' ? spoken : `${spoken}\n${githubText.toLowerCase()}`;
  const tags = TAG_VOCABULARY.filter(({ pattern }) => pattern.test(tagText))
    .map(({ tag }) => tag)
    .slice(0, MAX_TAGS);

  const words = transcript.split(/\s+/).filter(Boolean).length;
  const bestConfidence = links.reduce((max, link) => Math.max(max, link.confidence), 0);
  const score =
    25 * Math.min(1, Math.log10(1 + item.clip_view_count) / 3) + // 1,000 views saturate
    15 * durationFit(item.clip_duration) +
    20 * Math.min(1, words / 120) +
    20 * bestConfidence * Math.min(1, 0.6 + 0.1 * links.length) +
    CATEGORY_BONUS[category];
  return {
    content_score: Math.round(Math.min(100, Math.max(0, score)) * 10) / 10,
    content_tags: tags,
    content_category: category,
  };
}

/** Tags of the vocabulary that name a game, not a technical topic. */
const GAMING_TAGS: ReadonlySet<string> = new Set(['minecraft']);

/**
 * Scores an item with the context just matched for it. An off-topic clip (`gaming`) keeps no links:
 * nothing on GitHub is about a game, so every link moves to `nearby` and the item is scored from the
 * clip alone. (An `other` clip never has links to move: any earned link makes a clip technical.)
 */
export function scoreMatched(
  item: ContentItem,
  context: GitHubContext,
  details: ClipDetails,
): { context: GitHubContext; score: ItemScore } {
  const score = scoreItem({ ...item, github_context: context }, details);
  if (score.content_category !== 'gaming' || linkCount(context) === 0) return { context, score };
  const aside = setAsideLinks(context, 'the clip is off-topic (gaming)');
  return { context: aside, score: scoreItem({ ...item, github_context: aside }, details) };
}

const CATEGORY_BONUS: Record<ContentCategory, number> = {
  development: 20,
  tutorial: 20,
  review: 12,
  other: 5,
  gaming: 0,
};

/**
 * Technical from the clip's own words (two technical words, or two topics of the tag vocabulary such
 * as `vue` and `security` in "escape the HTML … v-html") or from earned links; never from time alone.
 */
function categorise(
  gameId: string | null,
  words: { technicalWords: number; spokenTopics: number },
  links: number,
  spoken: string,
): ContentCategory {
  if (gameId !== null && gameId !== '' && !DEVELOPMENT_GAME_IDS.has(gameId) && !NON_GAME_IDS.has(gameId)) {
    return 'gaming';
  }
  const technical = words.technicalWords >= 2 || words.spokenTopics >= 2 || links > 0;
  if (!technical) return 'other';
  if (/\b(step by step|how to|let me show you|tutorial|walkthrough|first,? we)\b/.test(spoken)) return 'tutorial';
  if (/\b(code review|reviewing|let's review|review this)\b/.test(spoken)) return 'review';
  return 'development';
}

/** Short clips carry one idea; 20–60 s is the sweet spot, 5 s is a reaction, minutes are a ramble. */
function durationFit(seconds: number): number {
  if (seconds < 20) return Math.max(0.2, seconds / 20);
  if (seconds <= 60) return 1;
  return Math.max(0.3, 1 - (seconds - 60) / 240);
}
