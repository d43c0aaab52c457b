import { isValidTimeZone } from '../../core/time/local-day.ts';

interface PostLike {
  id: string;
  filePath?: string | undefined;
  data: { content_item_ids: readonly string[]; timezone: string };
}

/**
 * What the schemas cannot see on their own: post → item references that point nowhere, and time
 * zones this runtime does not know. Drafts and scheduled posts are checked too, so a broken content
 * PR fails its preview build rather than the build on the day it goes live.
 */
export function findContentProblems(posts: readonly PostLike[], itemIds: ReadonlySet<string>): string[] {
  // A blog has a handful of distinct zones; checking one builds a DateTimeFormat, so check each once.
  const zoneKnown = new Map<string, boolean>();
  const knownZone = (zone: string) => {
    let known = zoneKnown.get(zone);
    if (known === undefined) {
      known = isValidTimeZone(zone);
      zoneKnown.set(zone, known);
    }
    return known;
  };
  return posts.flatMap((post) => {
    const where = post.filePath ?? `posts → ${post.id}`;
    const problems: string[] = [];
    const missing = post.data.content_item_ids.filter((id) => !itemIds.has(id));
    if (missing.length > 0) {
      problems.push(`${where}: content_item_ids has no content/items/<id>.json for ${missing.join(', ')}`);
    }
    if (!knownZone(post.data.timezone)) {
      problems.push(`${where}: timezone "${post.data.timezone}" is not an IANA time zone`);
    }
    return problems;
  });
}
