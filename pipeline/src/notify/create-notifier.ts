import type { PipelineSettings } from '../config.ts';
import type { FetchLike } from '../http/upstream-fetch.ts';
import type { Clock, Logger } from '../ports.ts';
import { DiscordNotifier } from './discord-notifier.ts';
import { OutboxNotifier } from './outbox-notifier.ts';
import type { Notifier } from './ports.ts';
import { reviewMessageOptions } from './review-payload.ts';

/**
 * The review notifier the settings ask for: Discord when `DISCORD_WEBHOOK_URL` is set, otherwise the
 * local outbox in D1. For `deps.ts` and the CLI to call; it reads nothing but its arguments.
 */
export function createNotifier(
  settings: Pick<
    PipelineSettings,
    'discordWebhookUrl' | 'siteUrl' | 'publishing' | 'httpTimeoutMs' | 'previewHostSuffix'
  >,
  platform: { db: D1Database; fetch: FetchLike; clock: Clock; log: Logger },
): Notifier {
  const message = reviewMessageOptions(settings);
  if (settings.discordWebhookUrl === null)
    return new OutboxNotifier({ db: platform.db, clock: platform.clock, message });
  return new DiscordNotifier({
    webhookUrl: settings.discordWebhookUrl,
    db: platform.db,
    fetch: platform.fetch,
    clock: platform.clock,
    log: platform.log,
    message,
    timeoutMs: Math.min(settings.httpTimeoutMs, 30_000),
  });
}
