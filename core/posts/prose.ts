import type { ContentItem } from '../schemas/content-item.ts';
import { longDate, shortPeriod, weekdayOf } from './dates.ts';
import type { PostFacts } from './facts.ts';
import { type CitedLink, citedLinks, linksOf, repositoriesOf } from './facts.ts';
import { plainText, plainTitle, truncate } from './untrusted-text.ts';

/**
 * The words of a post that a writer chooses: its title, the lead paragraph and one short paragraph
 * per featured clip. Plain text only (a model may have written it): the renderers escape it and no
 * link in it survives. Everything else in a post (quotes, links, lists) is built from the facts.
 */
export interface PostProse {
  title: string;
  description: string;
  lead: string;
  /** By content_item_id; a clip without one gets no paragraph of its own. */
  summaries: Record<string, string>;
}

/**
 * The offline writer: deterministic prose from the facts alone, good enough to publish. The same
 * facts always give the same words.
 */
export function offlineProse(facts: PostFacts): PostProse {
  const links = citedLinks(facts.featured);
  const summaries: Record<string, string> = {};
  for (const item of facts.featured) {
    const summary = clipSummary(item);
    if (summary !== '') summaries[item.content_item_id] = summary;
  }
  return {
    title: offlineTitle(facts),
    description: offlineDescription(facts, links),
    lead: offlineLead(facts, links),
    summaries,
  };
}

/** The best two clips, named by what they are about: the day's actual work. */
function offlineTitle(facts: PostFacts): string {
  const named = bestFirst(facts.featured)
    .map((item) => plainTitle(item.clip_title))
    .filter((title) => title.split(' ').length >= 2);
  const [first, second] = named;
  const work =
    first === undefined
      ? 'A day of live coding'
      : second && first.length + second.length < 110
        ? `${first}, and ${lowerFirst(second)}`
        : first;
  switch (facts.content_type) {
    case 'daily_recap':
      return truncate(capitalise(work), 200);
    case 'weekly_summary':
      return truncate(`The week of ${shortPeriod(facts.period)}: ${lowerFirst(work)}`, 200);
    case 'topic_focus':
      return truncate(`${topicName(facts.topic ?? '')}, ${shortPeriod(facts.period)}: ${lowerFirst(work)}`, 200);
  }
}

function offlineDescription(facts: PostFacts, links: readonly CitedLink[]): string {
  const when =
    facts.content_type === 'daily_recap'
      ? `${weekdayOf(facts.period.start)}'s stream`
      : `Streams of ${shortPeriod(facts.period)}`;
  const topics = bestFirst(facts.featured)
    .slice(0, 3)
    .map((item) => lowerFirst(plainTitle(item.clip_title)));
  const shipped = countPhrase(links);
  return truncate(`${when}: ${joinWords(topics)}${shipped ? `. ${capitalise(shipped)}.` : '.'}`, 300);
}

function offlineLead(facts: PostFacts, links: readonly CitedLink[]): string {
  const streamer = facts.featured[0]?.broadcaster_name ?? 'The streamer';
  const repos = repositoriesOf(facts.featured).map(shortRepo);
  const where = repos.length > 0 ? ` on ${joinWords(repos)}` : '';
  const clips = `${facts.featured.length} ${facts.featured.length === 1 ? 'clip' : 'clips'}`;
  const opening =
    facts.content_type === 'daily_recap'
      ? `${streamer} spent ${weekdayOf(facts.period.start)}'s stream (${longDate(facts.period.start)})${where}; ${clips} from it are below.`
      : facts.content_type === 'weekly_summary'
        ? `${streamer} streamed ${distinctDays(facts.featured)} of the days from ${shortPeriod(facts.period)}${where}; ${clips} from the week are below.`
        : `Everything about ${topicName(facts.topic ?? '')} from ${shortPeriod(facts.period)}${where}: ${clips}.`;
  const built = links
    .filter((link) => link.kind === 'commit' || link.kind === 'pull_request')
    .map((link) => workPhrase(link.text))
    .filter((phrase) => phrase !== '');
  const unique = [...new Set(built)].slice(0, 4);
  const what = unique.length > 0 ? ` What got built: ${unique.join('; ')}.` : '';
  const shipped = countPhrase(links);
  return `${opening}${what}${shipped ? ` In all, ${shipped}.` : ''}`;
}

/**
 * A clip's own paragraph offline: what it led to on GitHub in words ("Right after it: reject totals
 * that don't match line items."), and the language when it is not English. Empty when there is
 * nothing to add to the quote.
 */
function clipSummary(item: ContentItem): string {
  const parts: string[] = [];
  const language = item.transcript?.language;
  if (language && language !== 'en' && item.transcript?.text) parts.push(`Said in ${languageName(language)}.`);
  const links = linksOf(item.github_context);
  const work = [
    ...new Set(links.filter((l) => l.kind === 'commit' || l.kind === 'pull_request').map((l) => workPhrase(l.text))),
  ].filter((w) => w !== '');
  const tracked = links.filter((l) => l.kind === 'issue').map((l) => `issue ${l.ref} ${l.action ?? 'updated'}`);
  if (work.length > 0) parts.push(`It led to: ${work.slice(0, 3).join('; ')}.`);
  if (tracked.length > 0) parts.push(`Tracked as ${joinWords(tracked)}.`);
  return parts.join(' ');
}

/** "3 commits pushed, pull request #13 merged and issue #12 opened". */
export function countPhrase(links: readonly CitedLink[]): string {
  const commits = links.filter((link) => link.kind === 'commit').length;
  const parts: string[] = [];
  if (commits > 0) parts.push(`${commits} ${commits === 1 ? 'commit' : 'commits'} pushed`);
  for (const link of links) {
    if (link.kind === 'pull_request') parts.push(`pull request ${link.ref} ${link.action ?? 'updated'}`);
    if (link.kind === 'issue') parts.push(`issue ${link.ref} ${link.action ?? 'updated'}`);
    if (link.kind === 'release') parts.push(`release ${link.ref} published`);
  }
  return joinWords(parts.slice(0, 5));
}

/** A commit subject as a phrase: `feat(parser): extract fields` → `extract fields`. */
function workPhrase(subject: string): string {
  const text = plainText(subject.split('\n')[0] ?? '').replace(/^(\w+)(\([^)]*\))?!?:\s*/, '');
  return truncate(text.replace(/\.$/, ''), 90);
}

function bestFirst(items: readonly ContentItem[]): ContentItem[] {
  return [...items].sort(
    (a, b) => (b.content_score ?? 0) - (a.content_score ?? 0) || a.clip_created_at.localeCompare(b.clip_created_at),
  );
}

function distinctDays(items: readonly ContentItem[]): string {
  const days = new Set(items.map((item) => item.clip_created_at.slice(0, 10))).size;
  return days === 1 ? 'one' : String(days);
}

export function shortRepo(repository: string): string {
  return repository.split('/')[1] ?? repository;
}

function topicName(topic: string): string {
  return topic.includes('/') ? shortRepo(topic) : topic;
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function lowerFirst(text: string): string {
  // Keep acronyms and names ("PR", "Stripe", "Inertia") as they are; only a plain first word is lowered.
  return /^[A-Z][a-z]+\b/.test(text) &&
    !/^(I|Stripe|Laravel|Inertia|React|Vue|Python|Llama|Workers|Cloudflare|Node|GitHub|Twitch|Tesseract)\b/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
