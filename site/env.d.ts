/// <reference types="astro/client" />

interface ImportMetaEnv {
  /** Comma-separated extra host names for the Twitch player's `parent`; set at build time from `SITE_HOSTS`. */
  readonly SITE_HOSTS?: string;
}
