import type { PostFrontmatter } from '../../core/schemas/post.ts';

type Dated = { id: string; data: Pick<PostFrontmatter, 'publish_at' | 'timezone' | 'tags'> };

const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** The year a post was published in, in its own time zone. */
export function publishYear(post: Dated): string {
  const zone = post.data.timezone;
  let format = yearFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: zone });
    yearFormats.set(zone, format);
  }
  return format.format(new Date(post.data.publish_at));
}

/** Posts grouped by publish year, newest year first, keeping the input order within a year. */
export function byYear<T extends Dated>(posts: readonly T[]): { year: string; posts: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const post of posts) {
    const year = publishYear(post);
    const group = groups.get(year);
    if (group) group.push(post);
    else groups.set(year, [post]);
  }
  return [...groups].map(([year, group]) => ({ year, posts: group })).sort((a, b) => b.year.localeCompare(a.year));
}

/** Every tag with its posts (input order kept), most used first, then alphabetically. */
export function byTag<T extends Dated>(posts: readonly T[]): { tag: string; posts: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const post of posts) {
    for (const tag of new Set(post.data.tags)) {
      const group = groups.get(tag);
      if (group) group.push(post);
      else groups.set(tag, [post]);
    }
  }
  return [...groups]
    .map(([tag, group]) => ({ tag, posts: group }))
    .sort((a, b) => b.posts.length - a.posts.length || a.tag.localeCompare(b.tag));
}
