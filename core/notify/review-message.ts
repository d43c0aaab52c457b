import { isAllowedUrl, urlHost } from '../posts/link-policy.ts';
import { withoutLinks } from '../posts/untrusted-text.ts';
/**
 * The one Discord message per pull request (DESIGN §3 step 9), as an execute-webhook payload.
 *
 * Pure: no Node, Workers or network imports. Everything in a `ReviewNotice` except the stage, the
 * PR number and the URLs is untrusted-derived text (post titles quote clip titles, judge notes quote
 * the model), so every string is:
 * - sanitised: lone surrogates become U+FFFD; control characters, bidi overrides and BOMs go;
 * - made inert: each `@` and `<` is followed by a zero-width space, so `@everyone`, `@here`,
 *   `<@id>`, `<@&id>`, `<#id>`, `<t:…>` and `</cmd:id>` neither ping nor render;
 * - escaped for Discord markdown where Discord renders it (content, title, description, fields):
 *   `\ * _ ~ \` | > [ ]` everywhere, and `#`/`-` at the start of a line (headings, lists, subtext),
 *   so `**bold**` stays literal and `[text](url)` cannot become a masked link;
 * - cut to Discord's limits with an ellipsis (title 256, description 4096, 25 fields, field name
 *   256, value 1024, footer 2048, 6000 in total, content 2000), counted in UTF-16 code units,
 *   which is never fewer than Discord's count.
 * `allowed_mentions: { parse: [] }` is always set, so even a mention that slipped through would
 * not ping. Only http(s) URLs on the allow-list (the GitHub host, the site origin, twitch.tv)
 * become links; others are named by host and stay plain text.
 */

/** Where a pull request stands; the one Discord message per PR is edited as it moves. */
export type ReviewStage = 'opened' | 'judged' | 'preview_ready' | 'merged' | 'live' | 'closed';

/**
 * What the owner is told about one pull request (the pipeline's `ReviewNotice`). All strings are
 * untrusted-derived plain text (titles quote clip titles); the message escapes them for Discord
 * markdown and never lets them ping.
 */
export interface ReviewMessageInput {
  /** `daily_recap:2026-11-09`: one message per key, ever. */
  subject_key: string;
  stage: ReviewStage;
  post_title: string;
  pull_request: { number: number | null; url: string | null; draft: boolean };
  /** The judge's verdict, when judged. */
  verdict?: { verdict: 'pass' | 'polish' | 'fail'; confidence: number; notes: readonly string[] };
  /** Short lines for the embed: clips, commits, period. */
  highlights: readonly string[];
  preview_url?: string;
  live_url?: string;
}

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Title + description + field names and values + footer + author name, across all embeds. */
  total: 6000,
} as const;

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline: boolean;
}

export interface DiscordEmbed {
  title: string;
  url?: string;
  description: string;
  color: number;
  fields: DiscordEmbedField[];
  footer: { text: string };
}

/** The body of `POST /webhooks/{id}/{token}` and of `PATCH …/messages/{id}` alike. */
export interface DiscordWebhookPayload {
  content: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: [] };
}

export interface ReviewMessageOptions {
  /** The blog's public origin (`SITE_URL`): live and preview links may point at it. */
  siteUrl: string;
  /** Host of the GitHub that carries the PRs (a GitHub Enterprise host); github.com is always allowed. */
  githubHost?: string;
  /**
   * Extra hosts whose links may be shown (e.g. a preview deployment's host). An entry starting with
   * a dot allows every host under it: `.codewithmara.workers.dev` covers each PR's preview alias.
   */
  extraHosts?: readonly string[];
}

const STAGES: Record<ReviewStage, { label: string; color: number; line: string }> = {
  opened: { label: 'Opened', color: 0x5865f2, line: 'A new post is waiting for review.' },
  judged: { label: 'Judged', color: 0xf1c40f, line: 'The judge has read the post.' },
  preview_ready: { label: 'Preview ready', color: 0x3498db, line: 'A preview build of the post is ready to read.' },
  merged: { label: 'Merged', color: 0x8957e5, line: 'The pull request was merged; the site is deploying.' },
  live: { label: 'Live', color: 0x57f287, line: 'The post is live on the blog.' },
  closed: { label: 'Closed', color: 0x99aab5, line: 'The pull request was closed without merging.' },
};

const ELLIPSIS = '…';
const ZWSP = '\u200b';

/** Builds the payload for one notice. Deterministic: the same notice always gives the same JSON. */
export function reviewMessage(notice: ReviewMessageInput, options: ReviewMessageOptions): DiscordWebhookPayload {
  const stage = Object.hasOwn(STAGES, notice.stage) ? STAGES[notice.stage] : undefined;
  const label = stage?.label ?? 'Update';
  const title = escapeMarkdown(oneLine(String(notice.post_title ?? '')));
  const hosts = allowedHosts(options);
  const pr = notice.pull_request ?? { number: null, url: null, draft: false };
  const prNumber = typeof pr.number === 'number' && Number.isSafeInteger(pr.number) && pr.number > 0 ? pr.number : null;
  const prUrl = safeUrl(pr.url, hosts);

  const fields: DiscordEmbedField[] = [];
  const prText = prNumber === null ? 'pull request' : `#${prNumber}`;
  let prValue: string;
  if (prUrl !== null) prValue = `[${prText}](${prUrl})`;
  else if (pr.url) prValue = `${prNumber === null ? 'link' : prText} (${withheld(pr.url)})`;
  else prValue = prNumber === null ? 'not opened yet' : prText;
  if (pr.draft === true) prValue += ' · draft';
  fields.push({ name: 'Pull request', value: prValue, inline: true });

  if (notice.verdict) {
    const verdict = ['pass', 'polish', 'fail'].includes(notice.verdict.verdict) ? notice.verdict.verdict : 'unknown';
    fields.push({ name: 'Verdict', value: verdict, inline: true });
    fields.push({ name: 'Confidence', value: percent(notice.verdict.confidence), inline: true });
    const notes = Array.isArray(notice.verdict.notes) ? notice.verdict.notes : [];
    if (notes.length > 0) fields.push({ name: 'Judge notes', value: bulletList(notes), inline: false });
  }
  const highlights = Array.isArray(notice.highlights) ? notice.highlights : [];
  if (highlights.length > 0) fields.push({ name: 'Highlights', value: bulletList(highlights), inline: false });
  if (notice.preview_url)
    fields.push({ name: 'Preview', value: linkValue('Open the preview', notice.preview_url, hosts), inline: false });
  if (notice.live_url)
    fields.push({ name: 'Live', value: linkValue('Read the post', notice.live_url, hosts), inline: false });

  const embed: DiscordEmbed = {
    title: truncate(`${label}: ${title}`, DISCORD_LIMITS.title),
    ...(prUrl === null ? {} : { url: prUrl }),
    description: truncate(stage?.line ?? 'The pull request changed.', DISCORD_LIMITS.description),
    color: stage?.color ?? 0x99aab5,
    fields: fields.slice(0, DISCORD_LIMITS.fields).map((field) => ({
      name: truncate(field.name, DISCORD_LIMITS.fieldName),
      value: nonEmpty(truncate(field.value, DISCORD_LIMITS.fieldValue)),
      inline: field.inline,
    })),
    // Footers are not rendered as markdown: no backslashes, but mentions are still broken.
    footer: {
      text: nonEmpty(
        truncate(`streamlog · ${inert(oneLine(String(notice.subject_key ?? '')))}`, DISCORD_LIMITS.footer),
      ),
    },
  };
  fitTotal(embed);

  const content = truncate(
    `📝 **${label}**${prNumber === null ? '' : ` · PR #${prNumber}`} · ${truncate(title, 180)}`,
    DISCORD_LIMITS.content,
  );
  return { content, embeds: [embed], allowed_mentions: { parse: [] } };
}

/** The stored and compared form of a payload: JSON in a fixed key order. */
export function payloadJson(payload: DiscordWebhookPayload): string {
  return JSON.stringify(payload);
}

/** A plain-text view of a stored payload, for the CLI and `npm start` to print the outbox. */
export function payloadText(payload: DiscordWebhookPayload): string {
  const lines = [payload.content];
  for (const embed of payload.embeds) {
    lines.push(embed.url ? `${embed.title} <${embed.url}>` : embed.title, embed.description);
    for (const field of embed.fields) lines.push(`${field.name}: ${field.value.replaceAll('\n', '\n  ')}`);
    lines.push(embed.footer.text);
  }
  return lines.join('\n');
}

/** Characters that count towards Discord's 6000 total for one embed. */
export function embedTotal(embed: DiscordEmbed): number {
  let total = embed.title.length + embed.description.length + embed.footer.text.length;
  for (const field of embed.fields) total += field.name.length + field.value.length;
  return total;
}

/** Untrusted text made safe for Discord markdown: sanitised, mentions broken, markdown escaped. */
export function escapeMarkdown(text: string): string {
  // Discord turns bare URLs into live links even in embed fields; untrusted text keeps none.
  const escaped = withoutLinks(sanitize(text)).replace(/[\\*_~`|>[\]]/g, (char) => `\\${char}`);
  // Headings (`#`, `##`, `###`), subtext (`-#`) and lists (`-`, `+`) only start a line.
  return breakMentions(escaped.replace(/^([ \t]*)([#+-])/gm, '$1\\$2'));
}

/** Untrusted text for places Discord does not render as markdown (footers): sanitised, mentions broken. */
export function inert(text: string): string {
  return breakMentions(withoutLinks(sanitize(text)));
}

function breakMentions(text: string): string {
  return text.replace(/[@<]/g, (char) => `${char}${ZWSP}`);
}

/** Lone surrogates to U+FFFD; drops C0/C1 controls (keeping newlines), bidi overrides and BOMs. */
function sanitize(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + (text[i + 1] ?? '');
        i++;
      } else out += '\ufffd';
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      out += '\ufffd';
      continue;
    }
    if (code === 0x0a) out += '\n';
    else if (code === 0x09) out += ' ';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) continue;
    else if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff) continue;
    else out += text[i];
  }
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending in an ellipsis when cut. Never splits a
 * surrogate pair or an escape (`\*`), and never leaves a `@`/`<` without the zero-width space that
 * breaks it.
 */
export function truncate(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  let cut = trimmed.slice(0, Math.max(0, max - ELLIPSIS.length));
  for (;;) {
    const last = cut.charCodeAt(cut.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
    else if (cut.endsWith('@') || cut.endsWith('<')) cut = cut.slice(0, -1);
    else if ((/\\+$/.exec(cut)?.[0].length ?? 0) % 2 === 1) cut = cut.slice(0, -1);
    else break;
  }
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

function nonEmpty(text: string): string {
  return text.trim() === '' ? '-' : text;
}

function bulletList(items: readonly unknown[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const [index, item] of items.entries()) {
    const line = `• ${truncate(escapeMarkdown(oneLine(String(item ?? ''))), 300)}`;
    const rest = items.length - index - 1;
    const reserve = rest > 0 ? `\n… and ${rest} more`.length : 0;
    if (used + line.length + 1 + reserve > DISCORD_LIMITS.fieldValue) {
      lines.push(`… and ${items.length - index} more`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

function percent(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%`;
}

function linkValue(text: string, url: string, hosts: readonly string[]): string {
  const safe = safeUrl(url, hosts);
  return safe === null ? withheld(url) : `[${text}](${safe})`;
}

/** Names a refused link by its host, inert, so the owner knows something was there. */
function withheld(url: string): string {
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]{1,100})/i.exec(String(url))?.[1];
  // The host itself is untrusted text: named, it would read as an invitation (and some clients link it).
  return host ? 'link not shown: host not allowed' : 'link not shown: not an http(s) URL';
}

function allowedHosts(options: ReviewMessageOptions): string[] {
  const site = urlHost(options.siteUrl);
  return ['github.com', options.githubHost, site, ...(options.extraHosts ?? [])]
    .filter((host): host is string => typeof host === 'string' && host !== '')
    .map((host) => host.toLowerCase());
}

/**
 * The URL if it is http(s), on an allowed host (twitch.tv and its subdomains always), short enough
 * for a field value and free of characters that could end a markdown link; otherwise null.
 */
export function safeUrl(url: unknown, hosts: readonly string[]): string | null {
  if (typeof url !== 'string' || url.length > 400) return null;
  if (!isAllowedUrl(url, { hosts: [...hosts, 'twitch.tv', '.twitch.tv'], httpsOnly: false })) return null;
  // Parentheses and brackets would end a markdown link early.
  return url.replace(/[()[\]]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Shrinks the longest free-text parts until the embed fits Discord's 6000 total. */
function fitTotal(embed: DiscordEmbed): void {
  let excess = embedTotal(embed) - DISCORD_LIMITS.total;
  while (excess > 0) {
    const longest = [...embed.fields].sort((a, b) => b.value.length - a.value.length)[0];
    const parts: { length: number; set: (max: number) => void }[] = [
      {
        length: embed.footer.text.length,
        set: (max) => (embed.footer.text = nonEmpty(truncate(embed.footer.text, max))),
      },
      { length: embed.title.length, set: (max) => (embed.title = truncate(embed.title, max)) },
    ];
    if (longest)
      parts.push({
        length: longest.value.length,
        set: (max) => (longest.value = nonEmpty(truncate(longest.value, max))),
      });
    const part = parts.sort((a, b) => b.length - a.length)[0];
    if (!part || part.length <= 1) break;
    part.set(Math.max(1, part.length - excess));
    const next = embedTotal(embed) - DISCORD_LIMITS.total;
    if (next >= excess) break;
    excess = next;
  }
}
