import { embedParents } from './embed.ts';

/** The blog's name and tagline, used in the layout, page titles and feeds. */
export const SITE_TITLE = 'Streamlog';
export const SITE_DESCRIPTION = 'Days of live coding on Twitch, written up from the clips and the commits.';

/** Posts per page on the home page, which shows each post's summary. */
export const POSTS_PER_PAGE = 10;

/** Posts per page on tag pages, which list date and title only. */
export const INDEX_PAGE_SIZE = 50;

/** Shown for posts without a clip thumbnail (social previews need a raster image). */
export const DEFAULT_IMAGE = { path: '/og-default.png', width: 1200, height: 630 };

/**
 * Hosts the Twitch player must list in `parent`: `SITE_URL`'s host plus `SITE_HOSTS`, both read at
 * build time (astro.config.mjs puts `SITE_HOSTS` into `import.meta.env`).
 */
export const EMBED_PARENTS: readonly string[] = embedParents(import.meta.env.SITE, import.meta.env.SITE_HOSTS ?? '');
