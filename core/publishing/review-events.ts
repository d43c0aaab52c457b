import { BRANCH_PREFIX } from './bundle.ts';

/** What a GitHub webhook says about a pipeline pull request, for its review message. */
export type ReviewEvent =
  | {
      kind: 'pull_request';
      repository: string;
      branch: string;
      number: number;
      merged: boolean;
      closed: boolean;
      reopened: boolean;
    }
  | { kind: 'preview'; repository: string; branch: string; url: string | null }
  | { kind: 'production'; repository: string; url: string | null };

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const object = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/**
 * Reads the two webhook events that move a review message: `pull_request` (closed, merged,
 * reopened) on a `streamlog/` branch, and a successful `deployment_status` (a preview of such a
 * branch, or production). Anything else, or anything malformed, is null: webhooks are untrusted
 * input, and only the branch, number and URLs are taken from them.
 */
export function reviewEventOf(event: string, payload: unknown): ReviewEvent | null {
  const body = object(payload);
  const repository = text(object(body?.repository)?.full_name);
  if (!body || !repository) return null;
  if (event === 'pull_request') {
    const pr = object(body.pull_request);
    const branch = text(object(pr?.head)?.ref);
    const number = pr?.number;
    const action = text(body.action);
    if (!branch?.startsWith(BRANCH_PREFIX) || typeof number !== 'number' || !action) return null;
    if (action !== 'closed' && action !== 'reopened') return null;
    return {
      kind: 'pull_request',
      repository,
      branch,
      number,
      merged: action === 'closed' && pr?.merged === true,
      closed: action === 'closed',
      reopened: action === 'reopened',
    };
  }
  if (event === 'deployment_status') {
    const status = object(body.deployment_status);
    const deployment = object(body.deployment);
    if (text(status?.state) !== 'success') return null;
    const url = httpUrl(text(status?.environment_url));
    const environment = (text(status?.environment) ?? text(deployment?.environment) ?? '').toLowerCase();
    const ref = text(deployment?.ref);
    if (ref?.startsWith(BRANCH_PREFIX)) return { kind: 'preview', repository, branch: ref, url };
    if (environment === 'production') return { kind: 'production', repository, url };
  }
  return null;
}

function httpUrl(value: string | null): string | null {
  return value && /^https:\/\/[a-z0-9.-]+(?::\d+)?(\/[^\s<>"'`]*)?$/i.test(value) && value.length <= 500 ? value : null;
}
