import {
  type DiscordWebhookPayload,
  payloadJson,
  type ReviewMessageOptions,
  reviewMessage,
} from '../../../core/notify/review-message.ts';
import { sha256Hex } from '../../../store/web-crypto.ts';
import type { ReviewNotice } from './ports.ts';

export interface BuiltPayload {
  payload: DiscordWebhookPayload;
  /** The exact JSON body sent and stored. */
  body: string;
  /** SHA-256 of `where` and `body`, hex: equal hashes mean that message already shows this notice. */
  hash: string;
}

/**
 * The Discord payload for a notice, its JSON body and a hash of where it goes plus that body. Shared
 * by both notifiers; `where` (the webhook id, or `outbox`) makes a message on a replaced webhook
 * differ from the same payload on the old one.
 */
export async function buildReviewPayload(
  notice: ReviewNotice,
  options: ReviewMessageOptions,
  where: string,
): Promise<BuiltPayload> {
  const payload = reviewMessage(notice, options);
  const body = payloadJson(payload);
  return { payload, body, hash: await sha256Hex(`${where}\n${body}`) };
}

/**
 * The hosts a message may link to: the GitHub that carries the PRs (from its API base URL:
 * `https://api.github.com` → github.com, `https://ghe.example/api/v3` → ghe.example) and the site.
 */
export function reviewMessageOptions(settings: {
  siteUrl: string;
  publishing: { apiBaseUrl: string } | null;
  previewHostSuffix?: string | null;
}): ReviewMessageOptions {
  const apiHost = /^https?:\/\/([^/:?#]+)/i.exec(settings.publishing?.apiBaseUrl ?? '')?.[1]?.toLowerCase();
  const githubHost = apiHost === undefined || apiHost === 'api.github.com' ? 'github.com' : apiHost;
  // Preview deployments (`wrangler versions upload --preview-alias pr-<n>`) live under the Worker's
  // workers.dev subdomain: PREVIEW_HOST_SUFFIX lets their links through.
  const extraHosts = settings.previewHostSuffix ? [settings.previewHostSuffix] : [];
  return { siteUrl: settings.siteUrl, githubHost, extraHosts };
}
