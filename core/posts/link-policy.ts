/**
 * The only places a post, a PR body or a review message may link to: Twitch (clips and channels),
 * GitHub (the facts the pipeline matched) and the blog itself. Anything else is dropped, wherever
 * it came from. (Parsed by hand because the core has no URL global; the grammar needed is small.)
 */
const ALLOWED_HTTPS_HOSTS = new Set(['twitch.tv', 'clips.twitch.tv', 'www.twitch.tv', 'github.com']);

// scheme, then an authority without userinfo, then nothing or a path/query/fragment; no spaces or
// characters that could end a markdown link destination.
const HTTP_URL = /^(https?):\/\/([a-z0-9.-]+)(:\d{1,5})?([/?#][^\s()<>"'`\\]*)?$/i;

export function isAllowedLink(url: string, siteOrigin: string): boolean {
  const link = HTTP_URL.exec(url);
  if (!link) return false;
  const [, scheme, host, port] = link;
  if (scheme?.toLowerCase() === 'https' && port === undefined && ALLOWED_HTTPS_HOSTS.has(host?.toLowerCase() ?? '')) {
    return true;
  }
  const site = HTTP_URL.exec(siteOrigin);
  if (!site) return false;
  return (
    scheme?.toLowerCase() === site[1]?.toLowerCase() &&
    host?.toLowerCase() === site[2]?.toLowerCase() &&
    (port ?? '') === (site[3] ?? '')
  );
}
