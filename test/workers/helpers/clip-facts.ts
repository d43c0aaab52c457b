import type { ClipFacts } from '../../../core/schemas/content-item.ts';
import type { GitHubContext } from '../../../core/schemas/github-context.ts';
import type { Transcript } from '../../../core/schemas/transcript.ts';

let sequence = 0;

/** Clip facts shaped like a Twitch clip; ids keep the `-` and `_` real clip slugs have. */
export function clipFacts(overrides: Partial<ClipFacts> = {}): ClipFacts {
  sequence += 1;
  const clipId = overrides.clip_id ?? `BraveEagerSalamander${sequence}-Ab_c${sequence}-Xy`;
  return {
    clip_id: clipId,
    clip_title: `**idempotency keys** <b>live</b> 🇲🇽 #${sequence}`,
    clip_url: `https://clips.twitch.tv/${clipId}`,
    clip_embed_url: `https://clips.twitch.tv/embed?clip=${clipId}`,
    clip_thumbnail_url: `https://static-cdn.jtvnw.net/twitch-clips/abc/AT-cm%7Cabc-preview-480x272.jpg`,
    clip_duration: 30.2,
    clip_view_count: 100,
    clip_created_at: '2026-11-03T17:40:12Z',
    broadcaster_name: 'CodeWithMara',
    creator_name: 'some_viewer',
    platform: 'twitch',
    ...overrides,
  };
}

export function transcript(text = ' Okay, so the webhook retries.'): Transcript {
  return {
    text: text.trim(),
    language: 'en',
    segments: [{ start: 0, end: 4.2, text }],
    model: '@cf/openai/whisper-large-v3-turbo',
    provenance: { source: 'offline-file', transcribed_at: '2026-11-03T18:00:00Z', discarded_segment_count: 0 },
  };
}

export function githubContext(repository = 'codewithmara/payments-api'): GitHubContext {
  return {
    username: 'codewithmara',
    window: { start: '2026-11-03T17:20:00Z', end: '2026-11-03T18:00:00Z' },
    repositories: [repository],
    commits: [
      {
        sha: 'a8bb745c0ffee0000000000000000000000000aa',
        message: 'Make webhook handling idempotent\r\n\r\nCo-authored-by: Someone <s@example.com>',
        url: `https://github.com/${repository}/commit/a8bb745c0ffee0000000000000000000000000aa`,
        repository,
        occurred_at: '2026-11-03T17:43:40Z',
        offset_seconds: 208,
        confidence: 0.82,
        reason: 'pushed 3.5 min after the clip; both mention idempotency',
      },
    ],
    pull_requests: [],
    issues: [],
    releases: [],
    matched_at: '2026-11-03T18:05:00Z',
  };
}
