/** Where a pull request stands; the one Discord message per PR is edited as it moves. */
export type ReviewStage = 'opened' | 'judged' | 'preview_ready' | 'merged' | 'live' | 'closed';

/**
 * What the owner is told about one pull request. All strings are untrusted-derived plain text
 * (titles quote clip titles); the notifier escapes them for Discord markdown and never lets them ping.
 */
export interface ReviewNotice {
  /** `daily_recap:2026-11-09`: one message per key, ever. */
  subject_key: string;
  stage: ReviewStage;
  post_title: string;
  pull_request: { number: number | null; url: string | null; draft: boolean };
  /** The judge's verdict, when judged. */
  verdict?: { verdict: 'pass' | 'polish' | 'fail'; confidence: number; notes: string[] };
  /** Short lines for the embed: clips, commits, period. */
  highlights: string[];
  preview_url?: string;
  live_url?: string;
}

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
