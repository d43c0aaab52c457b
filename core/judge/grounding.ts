import { citedLinks, type PostFacts } from '../posts/facts.ts';
import { isSteering } from '../posts/highlight.ts';
import { isAllowedLink } from '../posts/link-policy.ts';
import { PostFrontmatter } from '../schemas/post.ts';

/** One deterministic check of a post against its facts; any failure fails the post. */
export interface GroundingCheck {
  name:
    | 'links_allowed'
    | 'citations_grounded'
    | 'no_raw_html'
    | 'front_matter_valid'
    | 'no_placeholders'
    | 'no_empty_sections'
    | 'no_steering';
  ok: boolean;
  /** What failed, as plain text for the PR body (never the offending text itself). */
  detail: string;
}

const MARKDOWN_LINK = /\]\(([^)\s]*)\)/g;
const GITHUB_REF = /^https:\/\/github\.com\/[^/]+\/[^/]+\/(commit|pull|issues|releases)\//;

/**
 * The checks a model cannot talk its way past: every link on the allow-list, every cited commit,
 * PR, issue or release one the facts link to a featured clip (never a time-only neighbour), no raw
 * HTML, front matter that passes the schema after a round trip through the parser, no
 * `undefined`/`null`/raw ids in prose, no heading without content, no quoted steering.
 *
 * `parsedFrontmatter` is what a real front-matter parser read back from the file (the caller owns
 * the parser, so this stays pure); it must equal what was meant to be written.
 */
export function groundingChecks(input: {
  body: string;
  intendedFrontmatter: unknown;
  parsedFrontmatter: unknown;
  facts: PostFacts;
}): GroundingCheck[] {
  const { body, facts } = input;
  const prose = withoutCode(body);
  const links = [...prose.matchAll(MARKDOWN_LINK)].map((m) => m[1] ?? '');
  const disallowed = links.filter((url) => !isAllowedLink(url, facts.site_url));
  const cited = new Set(citedLinks(facts.featured).map((link) => link.url));
  const clipUrls = new Set(facts.featured.map((item) => item.clip_url));
  const ungrounded = links.filter((url) => GITHUB_REF.test(url) && !cited.has(url));
  const twitchUnknown = links.filter((url) => /twitch\.tv\//.test(url) && !clipUrls.has(url));
  const schema = PostFrontmatter.safeParse(input.parsedFrontmatter);
  const roundTrip = JSON.stringify(input.parsedFrontmatter) === JSON.stringify(input.intendedFrontmatter);
  // Link destinations hold clip ids by design; only the words a reader sees count here.
  const words = prose.replace(MARKDOWN_LINK, '](…)');
  const placeholders = /\b(undefined|null|NaN)\b|\[object Object\]/.exec(words);
  const rawIds = facts.featured.filter((item) => words.includes(item.content_item_id) || words.includes(item.clip_id));
  const emptySection = hasEmptySection(body);
  const steering = body.split('\n').filter((line) => line.startsWith('>') && isSteering(line));
  return [
    check('links_allowed', disallowed.length === 0, `${disallowed.length} link(s) outside Twitch, GitHub and the site`),
    check(
      'citations_grounded',
      ungrounded.length === 0 && twitchUnknown.length === 0,
      `${ungrounded.length + twitchUnknown.length} link(s) to GitHub or Twitch that no featured clip is linked to`,
    ),
    check('no_raw_html', !/(^|[^\\])<[a-zA-Z/!?]/.test(prose), 'the body holds raw HTML'),
    check(
      'front_matter_valid',
      schema.success && roundTrip,
      schema.success
        ? 'the front matter did not read back as written'
        : `front matter invalid at ${schema.error.issues[0]?.path.join('.') ?? '?'}`,
    ),
    check(
      'no_placeholders',
      placeholders === null && rawIds.length === 0,
      placeholders ? `the prose says "${placeholders[0]}"` : `${rawIds.length} raw item id(s) in the prose`,
    ),
    check('no_empty_sections', !emptySection, 'a heading has nothing under it'),
    check('no_steering', steering.length === 0, 'a quote holds an instruction from chat'),
  ];
}

function check(name: GroundingCheck['name'], ok: boolean, detail: string): GroundingCheck {
  return { name, ok, detail: ok ? 'ok' : detail };
}

/** A heading followed by nothing, or straight by a heading of its own level or higher. */
function hasEmptySection(body: string): boolean {
  const lines = body.split('\n').filter((line) => line.trim() !== '');
  return lines.some((line, index) => {
    const level = /^(#{1,6}) /.exec(line)?.[1]?.length;
    if (level === undefined) return false;
    const next = lines[index + 1];
    if (next === undefined) return true;
    const nextLevel = /^(#{1,6}) /.exec(next)?.[1]?.length;
    return nextLevel !== undefined && nextLevel <= level;
  });
}

/** Code spans hold hashes only; their text is not prose and not links. */
function withoutCode(body: string): string {
  return body.replace(/`[^`\n]*`/g, '``');
}
