/**
 * The content security policy of every page, written into each page's `<meta>` by BaseLayout.
 * Inline event handlers, `javascript:` URLs and injected scripts cannot run even if something
 * slipped past the markdown safety; frames are Twitch's clip player only.
 *
 * The policy is one constant, not Astro's `security.csp`: every script the site ships is a file
 * (`vite.build.assetsInlineLimit: 0`) and every stylesheet too (`build.inlineStylesheets:
 * 'never'`), so `'self'` covers them, and the only inline script is the theme bootstrap below,
 * whose hash is computed once here. Astro's CSP hashed each page's scripts and styles again on
 * every page (several digests per page; about 0.3 s of a 1,000-post build).
 */

/**
 * Runs before first paint, so a reader who chose a theme never sees the other one flash. Inline
 * because an external script would cost a request before the first paint.
 */
export const THEME_BOOTSTRAP = `try {
  const theme = localStorage.getItem('theme');
  if (theme === 'dark' || theme === 'light') document.documentElement.dataset.theme = theme;
} catch {}`;

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // Pagefind's search needs WebAssembly: 'wasm-unsafe-eval' allows compiling wasm, not `eval`.
  `script-src 'self' 'wasm-unsafe-eval' 'sha256-${await sha256Base64(THEME_BOOTSTRAP)}'`,
  "style-src 'self'",
  // data: for the search box icon in Pagefind's stylesheet; images cannot run script.
  "img-src 'self' data: https://static-cdn.jtvnw.net https://clips-media-assets2.twitch.tv",
  'frame-src https://clips.twitch.tv',
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');
