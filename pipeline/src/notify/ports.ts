import type { ReviewMessageInput } from '../../../core/notify/review-message.ts';

export type { ReviewStage } from '../../../core/notify/review-message.ts';

/** What the owner is told about one pull request: the input of the review message (core/notify). */
export type ReviewNotice = ReviewMessageInput;

export interface NotifyResult {
  /** `unchanged`: the stored message already shows this notice; `disabled`: the webhook is gone (404). */
  outcome: 'created' | 'edited' | 'unchanged' | 'disabled';
  channel: 'discord' | 'outbox';
  message_id: string | null;
}

export interface Notifier {
  readonly kind: 'discord' | 'outbox';
  notify(notice: ReviewNotice): Promise<NotifyResult>;
}
