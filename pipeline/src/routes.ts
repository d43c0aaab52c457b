import { eventSubDeps, githubWebhookDeps } from './deps.ts';
import { handleGitHubWebhook } from './github/webhook.ts';
import { problem } from './http/problem.ts';
import { receiveEventSub } from './twitch/eventsub-receiver.ts';

/** HTTP entry of the pipeline Worker. Webhook receivers (GitHub, Twitch EventSub) mount here. */
export async function routeFetch(request: Request, env: Env, _ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/health') {
    if (request.method !== 'GET') return problem('method_not_allowed', 'use GET');
    return Response.json({ status: 'ok', worker: 'pipeline' });
  }
  if (url.pathname === '/webhooks/twitch') return receiveEventSub(request, eventSubDeps(env));
  if (url.pathname === '/webhooks/github') {
    const { deps, secrets } = githubWebhookDeps(env);
    return handleGitHubWebhook(request, deps, secrets);
  }
  return problem('not_found', `no route for ${url.pathname}`);
}
