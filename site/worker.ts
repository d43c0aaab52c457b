import { handle } from '@astrojs/cloudflare/handler';
import { rawRequestPath } from '../core/api/routes.ts';
import { workerApiDeps } from './lib/api/deps.ts';
import { handleApiRequest } from './lib/api/handle-request.ts';

/**
 * The site Worker's entry. Requests for `/api` go straight to the content API's router; everything
 * else goes to Astro's Cloudflare handler (static assets, the pages). The API has its own router,
 * errors and cross-site guard, so Astro's page pipeline (route matching, locals, the render
 * context) in front of it would only add per-request cost. `site/pages/api/[...path].ts` still routes
 * to the same handler for `astro dev` and for paths only a URL parser makes `/api/…` (`/./api/…`).
 */
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (/^\/+api(\/|$)/.test(rawRequestPath(request.url)))
      return handleApiRequest(
        request,
        workerApiDeps(env, (promise) => ctx.waitUntil(promise)),
      );
    return handle(request, env, ctx);
  },
};
