import type { APIRoute } from 'astro';

// Rendered per request, which also makes the build emit the Worker (dist/server/wrangler.json)
// rather than an assets-only site.
export const prerender = false;

/** `GET /api/health`: public liveness check of the site Worker. */
export const GET: APIRoute = () => Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
