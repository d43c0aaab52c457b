import { parseEventPage } from '../../../core/github/event.ts';
import { mergeActivity } from '../../../core/github/merge.ts';
import { activityFromEvent, needsCompare, needsPull, type Resolution } from '../../../core/github/normalise.ts';
import { isOwnRepository } from '../../../core/github/ownership.ts';
import { parseCompare, parsePull } from '../../../core/github/resolved.ts';
import type { ClipDetails, ClipTiming, GitHubActivity } from '../../../core/pipeline/contracts.ts';
import type { ContentItem } from '../../../core/schemas/content-item.ts';
import { fixture } from '../../fixtures/load.ts';

/** The fixture world ("CodeWithMara, November 2026") as the matcher sees it. */

interface ManifestClip {
  key: string;
  clip_id: string;
  created_at: string;
  game_id: string;
  is_development: boolean;
  transcript_file: string | null;
  github_events_within_20_min: { type: string; repo: string; created_at: string; seconds_after_clip_created: number }[];
}

interface HelixClip {
  id: string;
  title: string;
  created_at: string;
  duration: number;
  vod_offset: number | null;
  video_id: string;
  game_id: string;
  language: string;
  view_count: number;
}

export const USERNAME = 'codewithmara';

export function manifestClips(): ManifestClip[] {
  return (fixture('manifest.json') as { clips: ManifestClip[] }).clips;
}

/** Every event of both pages, resolved through the compare and pulls fixtures as the sync would. */
export function fixtureActivity(
  eventsFile = 'github/events.json',
  pages = ['github/events-page2.json'],
): GitHubActivity[] {
  const routes = (fixture('github/compare/index.json') as { routes: Record<string, string> }).routes;
  const lists: GitHubActivity[][] = [];
  for (const file of [eventsFile, ...pages]) {
    const { events } = parseEventPage(fixture(file));
    for (const event of events) {
      if (!isOwnRepository(event.repository, { username: USERNAME })) continue;
      const resolution: Resolution = {};
      if (event.type === 'push' && needsCompare(event)) {
        const route = routes[`${event.repository.split('/')[1]} ${event.before}...${event.head}`];
        const body = route && !route.endsWith('error-404.json') ? fixture(route) : null;
        resolution.compare = body === null ? 'not_found' : (parseCompare(body) ?? 'not_found');
      }
      if (event.type === 'pull_request' && needsPull(event)) {
        const pull = parsePull(fixture(`github/pulls/${event.repository.split('/')[1]}-${event.number}.json`));
        if (pull) resolution.pull = pull;
      }
      lists.push(activityFromEvent(event, resolution));
    }
  }
  return mergeActivity(...lists);
}

const VIDEO_STARTS: Record<string, string> = Object.fromEntries(
  (fixture('twitch/videos.json') as { data: { id: string; created_at: string }[] }).data.map((v) => [
    v.id,
    v.created_at,
  ]),
);

export function helixClips(): Map<string, HelixClip> {
  const clips = new Map<string, HelixClip>();
  for (const page of ['twitch/clips-page1.json', 'twitch/clips-page2.json']) {
    for (const clip of (fixture(page) as { data: HelixClip[] }).data) clips.set(clip.id, clip);
  }
  return clips;
}

export function timingOf(clip: HelixClip): ClipTiming {
  return {
    clip_created_at: clip.created_at,
    clip_duration: clip.duration,
    vod_offset: clip.vod_offset,
    video_id: clip.video_id || null,
    video_started_at: VIDEO_STARTS[clip.video_id] ?? null,
  };
}

export function detailsOf(clip: HelixClip): ClipDetails {
  return { game_id: clip.game_id || null, broadcaster_language: clip.language || null };
}

/** The clip as an enhanced content item with no transcript and nothing matched yet. */
export function enhancedItemOf(clip: HelixClip) {
  return {
    schema_version: '1.0.0',
    content_item_id: `twitch-${clip.id}`,
    clip_id: clip.id,
    clip_title: clip.title,
    clip_url: `https://clips.twitch.tv/${clip.id}`,
    clip_embed_url: `https://clips.twitch.tv/embed?clip=${clip.id}`,
    clip_thumbnail_url: 'https://static-cdn.jtvnw.net/x.jpg',
    clip_duration: clip.duration,
    clip_view_count: clip.view_count,
    clip_created_at: clip.created_at,
    broadcaster_name: 'CodeWithMara',
    creator_name: 'viewer',
    platform: 'twitch',
    processing_status: 'enhanced',
    stored_at: '2026-11-10T01:00:00Z',
  } satisfies ContentItem;
}

export function transcriptText(file: string | null): string {
  if (file === null) return '';
  return (fixture(file) as { text: string }).text;
}
