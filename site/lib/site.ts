/** The blog's name and tagline, used in the layout and page titles. */
export const SITE_TITLE = 'Streamlog';
export const SITE_DESCRIPTION = 'Days of live coding on Twitch, written up from the clips and the commits.';
