/**
 * The synthetic day the pipeline bench runs: `50 × scale` Helix-shaped clips over one ten-hour
 * stream, `500 × scale` GitHub events (pushes resolved through compare, and issues), and a
 * Whisper-shaped transcript per clip. Pure data and ports: it runs inside workerd.
 */
import { parseClipsPage } from '../../../core/twitch/helix-clip.ts';
import type { ActivitySource, ClipSource } from '../../src/ports.ts';

export const DAY = '2031-03-10';
export const STREAM_START_MS = Date.parse(`${DAY}T14:00:00Z`);
const STREAM_HOURS = 10;
const WORDS = [
  'webhook',
  'idempotency',
  'stripe',
  'invoice',
  'parser',
  'react',
  'inertia',
  'laravel',
  'queue',
  'retry',
];

function hex(n: number, length = 40): string {
  return n.toString(16).padStart(length, '0').slice(-length);
}

/** `clips` Helix clips spread over one stream, sorted by views like Get Clips. */
export function syntheticClips(clips: number): ClipSource {
  const stepMs = (STREAM_HOURS * 3600_000) / clips;
  const data = Array.from({ length: clips }, (_, i) => {
    const id = `BenchClip${i}-${hex(i, 8)}`;
    const createdMs = STREAM_START_MS + Math.round((i + 1) * stepMs);
    return {
      id,
      url: `https://clips.twitch.tv/${id}`,
      embed_url: `https://clips.twitch.tv/embed?clip=${id}`,
      broadcaster_id: '918273645',
      broadcaster_name: 'CodeWithMara',
      creator_id: '1',
      creator_name: 'viewer',
      video_id: '9000000001',
      game_id: '1469308723',
      language: 'en',
      title: `Fixing the ${WORDS[i % WORDS.length]} bug live`,
      view_count: 10_000 - i,
      created_at: new Date(createdMs).toISOString().replace('.000', ''),
      thumbnail_url: 'https://static-cdn.jtvnw.net/twitch-clips/x/AT-cm%7Cx-preview-480x272.jpg',
      duration: 30,
      vod_offset: Math.round((createdMs - STREAM_START_MS) / 1000) - 30,
      is_featured: false,
    };
  });
  const page = parseClipsPage({ data, pagination: {} });
  return {
    clipsInWindow: async (window) => {
      const clips = page.clips.filter((c) => {
        const at = Date.parse(c.facts.clip_created_at);
        return at >= window.startMs && at < window.endMs;
      });
      return { clips, rejected: [], fetched: clips.length, duplicates: 0, raw_r2_keys: [] };
    },
    videos: async () => ({
      videos: [
        {
          video_id: '9000000001',
          started_at: new Date(STREAM_START_MS).toISOString(),
          duration_s: STREAM_HOURS * 3600,
        },
      ],
      raw_r2_key: null,
    }),
    latestVideo: async () => null,
  };
}

/** `events` GitHub events over the stream (pushes resolved through compare, plus issues), newest first, 100 per page. */
export function syntheticActivity(events: number): ActivitySource {
  const stepMs = (STREAM_HOURS * 3600_000) / events;
  const all = Array.from({ length: events }, (_, i) => {
    const at = new Date(STREAM_START_MS + Math.round((i + 0.5) * stepMs)).toISOString().replace('.000', '');
    const repo = i % 2 === 0 ? 'codewithmara/payments-api' : 'codewithmara/ai-invoice-app';
    const base = {
      id: String(40_000_000_000 + i),
      actor: { id: 48120993, login: 'codewithmara' },
      repo: { id: 1, name: repo, url: `https://api.github.com/repos/${repo}` },
      public: true,
      created_at: at,
    };
    if (i % 5 === 4) {
      return {
        ...base,
        type: 'IssuesEvent',
        payload: {
          action: 'opened',
          issue: {
            number: i + 1,
            title: `The ${WORDS[i % WORDS.length]} handler drops events`,
            state: 'open',
            html_url: `https://github.com/${repo}/issues/${i + 1}`,
            created_at: at,
          },
        },
      };
    }
    return {
      ...base,
      type: 'PushEvent',
      payload: { repository_id: 1, push_id: i, ref: 'refs/heads/main', head: hex(2 * i + 2), before: hex(2 * i + 1) },
    };
  });
  const newestFirst = all.reverse();
  const byHead = new Map(newestFirst.map((event) => [String((event.payload as { head?: string }).head), event]));
  return {
    kind: 'sample',
    listEvents: async () => {
      const pages = [];
      for (let i = 0; i < newestFirst.length; i += 100) {
        pages.push({ url: `bench:events?page=${i / 100 + 1}`, body: newestFirst.slice(i, i + 100) });
      }
      return { pages, truncated: false };
    },
    compare: async (repository, _base, head) => {
      const event = byHead.get(head);
      if (!event) return null;
      const n = Number(event.id) - 40_000_000_000;
      return {
        status: 'ahead',
        total_commits: 1,
        commits: [
          {
            sha: head,
            commit: {
              author: { name: 'Mara', email: 'm@example.com', date: event.created_at },
              committer: { name: 'Mara', email: 'm@example.com', date: event.created_at },
              message: `fix: ${WORDS[n % WORDS.length]} retries are idempotent`,
            },
            html_url: `https://github.com/${repository}/commit/${head}`,
            author: { login: 'codewithmara' },
            parents: [{ sha: hex(2 * n + 1) }],
          },
        ],
        files: [],
      };
    },
    pullRequest: async () => null,
  };
}

export function syntheticTranscript(clipId: string): unknown {
  const n = Number(/BenchClip(\d+)/.exec(clipId)?.[1] ?? 0);
  const text = ` So the ${WORDS[n % WORDS.length]} retries were not idempotent, let's fix that and push.`;
  return {
    transcription_info: { language: 'en', language_probability: 0.98, duration: 30, duration_after_vad: 28 },
    text,
    word_count: 14,
    segments: [
      { start: 0, end: 6, text, temperature: 0, avg_logprob: -0.2, compression_ratio: 1.2, no_speech_prob: 0.01 },
    ],
    vtt: 'WEBVTT\n\n',
  };
}
