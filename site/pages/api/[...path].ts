import { env } from 'cloudflare:workers';
import type { APIRoute } from 'astro';
import { workerApiDeps } from '../../lib/api/deps.ts';
import { handleApiRequest } from '../../lib/api/handle-request.ts';

// Rendered per request, which also makes the build emit the Worker rather than an assets-only site.
export const prerender = false;

/** Every `/api/` route goes to one router, so path, method, signing and errors are handled alike. */
export const ALL: APIRoute = ({ request, locals }) =>
  handleApiRequest(
    request,
    workerApiDeps(env, (promise) => locals.cfContext.waitUntil(promise)),
  );
