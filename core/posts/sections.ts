import type { ContentItem } from '../schemas/content-item.ts';
import { longDate, weekdayOf } from './dates.ts';
import { type CitedLink, linksOf } from './facts.ts';
import { transcriptHighlight } from './highlight.ts';
import { isAllowedLink } from './link-policy.ts';
import { markdownCode, markdownQuote, markdownText, plainTitle } from './untrusted-text.ts';

/**
 * Small pure renderers, one per part of a post. Each returns markdown lines (or nothing, never an
 * empty heading). Untrusted text passes through `markdownText`/`markdownQuote`; links come only
 * from the facts and only to allowed hosts.
 */

export function leadSection(lead: string): string[] {
  return lead.trim() === '' ? [] : [markdownText(lead, 1_200)];
}

/** One clip: heading, the player link, a quoted highlight, its paragraph, its GitHub links. */
export function clipSection(
  item: ContentItem,
  summary: string | undefined,
  options: { siteUrl: string; headingLevel: 2 | 3; showDay: boolean; timezone: string },
): string[] {
  const heading = plainTitle(item.clip_title) || 'A clip from the stream';
  const lines = [`${'#'.repeat(options.headingLevel)} ${markdownText(heading, 120)}`, ''];
  lines.push(clipLine(item, options));
  const highlight = transcriptHighlight(item.transcript?.text ?? '');
  if (highlight !== '') lines.push('', markdownQuote(highlight));
  if (summary && summary.trim() !== '') lines.push('', markdownText(summary, 600));
  const links = linksOf(item.github_context).filter((link) => isAllowedLink(link.url, options.siteUrl));
  if (links.length > 0) lines.push('', `On GitHub: ${links.map(shortRef).join(', ')}`);
  return lines;
}

function clipLine(item: ContentItem, options: { siteUrl: string; showDay: boolean; timezone: string }): string {
  const facts = [duration(item.clip_duration), `${item.clip_view_count.toLocaleString('en-US')} views`];
  if (options.showDay) facts.unshift(weekdayAndDate(item.clip_created_at, options.timezone));
  const watch = isAllowedLink(item.clip_url, options.siteUrl)
    ? `[▶ Watch the clip on Twitch](${item.clip_url})`
    : '▶ Clip on Twitch';
  return `${watch} · ${facts.join(' · ')}`;
}

/** A compact linked reference: `a1b2c3d`, `PR #13`, `issue #12`, `release v1.4.0`. */
function shortRef(link: CitedLink): string {
  const label =
    link.kind === 'commit'
      ? markdownCode(link.ref)
      : link.kind === 'release'
        ? `release ${markdownText(link.ref, 60)}`
        : `${link.kind === 'pull_request' ? 'PR' : 'issue'} ${markdownText(link.ref, 20)}`;
  return `[${label}](${link.url})`;
}

/** `[`a1b2c3d` subject](url): reason`; the text is escaped, the URL is the pipeline's. */
export function linkLine(link: CitedLink, siteUrl: string): string {
  const label =
    link.kind === 'commit'
      ? `${markdownCode(link.ref)} ${markdownText(link.text, 100)}`
      : link.kind === 'release'
        ? `release ${markdownText(link.ref, 60)}${link.text !== link.ref ? `: ${markdownText(link.text, 100)}` : ''}`
        : `${link.kind === 'pull_request' ? 'PR' : 'issue'} ${link.ref}: ${markdownText(link.text, 100)}`;
  const target = isAllowedLink(link.url, siteUrl) ? `[${label}](${link.url})` : label;
  // The reason already names the repository and the distance in time.
  return `${target}: ${markdownText(link.reason, 300)}`;
}

/** "What shipped": every cited link once, grouped by kind; nothing when nothing was linked. */
export function shippedSection(links: readonly CitedLink[], siteUrl: string): string[] {
  if (links.length === 0) return [];
  const groups: [CitedLink['kind'], string][] = [
    ['commit', 'Commits'],
    ['pull_request', 'Pull requests'],
    ['issue', 'Issues'],
    ['release', 'Releases'],
  ];
  const lines = ['## What shipped', ''];
  for (const [kind, name] of groups) {
    const ofKind = links.filter((link) => link.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`**${name}**`, '');
    for (const link of ofKind) lines.push(`- ${linkLine(link, siteUrl)}`);
    lines.push('');
  }
  return trimBlank(lines);
}

/** A weekly summary's day heading: `## Tuesday, November 3, 2026`. */
export function dayHeading(date: string): string[] {
  return [`## ${weekdayOf(date)}, ${longDate(date)}`];
}

function weekdayAndDate(instant: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: timezone,
  }).format(new Date(instant));
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')} min`;
}

function trimBlank(lines: string[]): string[] {
  while (lines.at(-1) === '') lines.pop();
  return lines;
}
