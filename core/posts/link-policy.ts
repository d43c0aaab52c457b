/**
 * Which URLs may be linked: one rule with two settings. Anything published (a post, a PR body, the
 * judge's grounding check) links only to Twitch (clips and channels), GitHub and the blog itself,
 * over https; the owner's review message on Discord also takes any Twitch subdomain, the configured
 * GitHub host and preview hosts, on any port, since previews may be served locally. (Parsed by hand
 * because the core has no URL global; the grammar needed is small.)
 */

export interface LinkRule {
  /** Hosts that may be linked: exact, or `.example.com` for every subdomain of example.com. */
  hosts: readonly string[];
  /** True: those hosts only over https on the default port (what is published). */
  httpsOnly: boolean;
  /** Also allowed: exactly this origin, scheme, host and port alike (the site's own). */
  origin?: string;
}

/**
 * Scheme, a host of DNS labels (no userinfo), an optional port, then nothing or a path/query/fragment
 * free of spaces, quotes, angle brackets, backslashes and backticks.
 */
const HTTP_URL =
  /^(https?):\/\/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?([/?#][^\s"'<>\\`]*)?$/i;

/** Whether `url` is an http(s) URL the rule allows. */
export function isAllowedUrl(url: string, rule: LinkRule): boolean {
  const link = parse(url);
  if (!link) return false;
  if ((!rule.httpsOnly || (link.scheme === 'https' && link.port === '')) && listed(link.host, rule.hosts)) return true;
  const origin = rule.origin === undefined ? null : parse(rule.origin);
  return origin !== null && link.scheme === origin.scheme && link.host === origin.host && link.port === origin.port;
}

/** The lower-case host of an http(s) URL, if it is one. */
export function urlHost(url: string): string | undefined {
  return parse(url)?.host;
}

const PUBLISHED_HOSTS = ['twitch.tv', 'clips.twitch.tv', 'www.twitch.tv', 'github.com'];

/** What anything published may link to: Twitch, GitHub (https) and the site's own origin. */
export function isAllowedLink(url: string, siteOrigin: string): boolean {
  // The URL is written into a markdown link as it is, and a parenthesis would end it early.
  if (/[()]/.test(url)) return false;
  return isAllowedUrl(url, { hosts: PUBLISHED_HOSTS, httpsOnly: true, origin: siteOrigin });
}

function parse(url: string): { scheme: string; host: string; port: string } | null {
  const match = HTTP_URL.exec(url);
  if (!match?.[1] || !match[2]) return null;
  return { scheme: match[1].toLowerCase(), host: match[2].toLowerCase(), port: match[3] ?? '' };
}

function listed(host: string, hosts: readonly string[]): boolean {
  return hosts.some((entry) => (entry.startsWith('.') ? host.endsWith(entry) : host === entry.toLowerCase()));
}
