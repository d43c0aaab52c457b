import type { SiteItem } from './site-item.ts';

const TWITCH_CLIP_PLAYER = 'https://clips.twitch.tv/embed';
const CLIP_SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

/**
 * The host names Twitch must see in `parent` for its player to load: the host of `siteUrl` plus each
 * entry of `extraHosts` (comma-separated host names or URLs, as in `SITE_HOSTS`), deduplicated.
 * Entries that are not host names are ignored, so a typo cannot inject other query parameters.
 */
export function embedParents(siteUrl: string, extraHosts = ''): string[] {
  const hosts = [siteUrl, ...extraHosts.split(',')]
    .map((entry) => hostOf(entry.trim()))
    .filter((host): host is string => host !== undefined);
  return [...new Set(hosts)];
}

function hostOf(entry: string): string | undefined {
  if (!entry.includes('://') && !/^[A-Za-z0-9.-]+(?::\d+)?$/.test(entry)) return undefined;
  try {
    const url = new URL(entry.includes('://') ? entry : `https://${entry}`);
    if (url.username !== '' || url.password !== '') return undefined;
    const host = url.hostname;
    return /^[a-z0-9.-]+$/.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Twitch clip player URL for an item, or undefined when the item is not a Twitch clip. Built
 * from the clip slug, never from the stored embed URL as is, so the only frame a page can ever
 * open is Twitch's own clip player.
 */
export function clipPlayerUrl(
  item: Pick<SiteItem, 'platform' | 'clip_id' | 'clip_embed_url'>,
  parents: readonly string[],
): string | undefined {
  if (item.platform !== 'twitch' || parents.length === 0) return undefined;
  const slug = slugFromEmbedUrl(item.clip_embed_url) ?? item.clip_id;
  if (!CLIP_SLUG.test(slug)) return undefined;
  // Written out rather than through URLSearchParams (a URL object per clip, twice per post): the
  // slug passed CLIP_SLUG, which needs no escaping, and each parent is escaped as a query value.
  const parentParams = parents.map((parent) => `&parent=${encodeURIComponent(parent)}`).join('');
  return `${TWITCH_CLIP_PLAYER}?clip=${slug}${parentParams}&autoplay=true`;
}

function slugFromEmbedUrl(embedUrl: string): string | undefined {
  try {
    const url = new URL(embedUrl);
    return url.origin === 'https://clips.twitch.tv' && url.pathname === '/embed'
      ? (url.searchParams.get('clip') ?? undefined)
      : undefined;
  } catch {
    return undefined;
  }
}
