import { describe, expect, it } from 'vitest';
import { githubContextFromFixtures } from '../../test/fixtures/builders.ts';
import { fixture, fixtureNames } from '../../test/fixtures/load.ts';
import { newContentItem } from '../content-item/create.ts';
import { transcriptFromWhisper, WHISPER_LARGE_V3_TURBO } from '../transcripts/whisper.ts';
import { dedupeClips, parseClipsPage } from '../twitch/helix-clip.ts';
import { ContentItem } from './content-item.ts';

const NOW = '2026-11-10T01:40:00Z';
const clips = dedupeClips([
  ...parseClipsPage(fixture('twitch/clips-page1.json')).clips,
  ...parseClipsPage(fixture('twitch/clips-page2.json')).clips,
]);
const transcriptFiles = new Set(fixtureNames('transcripts'));

/** The item as it looks once every step has run: transcript, GitHub context, score, tags, category. */
function readyItem(clipId: string): ContentItem {
  const clip = clips.find((candidate) => candidate.facts.clip_id === clipId);
  if (!clip) throw new Error(`no clip ${clipId}`);
  const item = newContentItem(clip.facts, '2026-11-10T01:33:00Z');
  const transcriptFile = `${clipId}.json`;
  return {
    ...item,
    processing_status: 'ready_for_content',
    audio_file_url: `r2://streamlog/audio/${clipId}.mp3`,
    ...(transcriptFiles.has(transcriptFile)
      ? {
          transcript: transcriptFromWhisper(fixture(`transcripts/${transcriptFile}`), {
            model: WHISPER_LARGE_V3_TURBO,
            source: 'offline-file',
            transcribed_at: NOW,
          }),
        }
      : {}),
    github_context: githubContextFromFixtures(),
    content_score: 72.5,
    content_tags: ['laravel', 'stripe', 'c#', 'node.js', 'vue-3'],
    content_category: 'development',
    enhanced_at: NOW,
    content_ready_at: NOW,
    updated_at: NOW,
  };
}

describe('ContentItem', () => {
  it('accepts a fully processed item for each of the 14 fixture clips, transcript and GitHub context included', () => {
    expect(clips).toHaveLength(14);
    for (const clip of clips) {
      const item = readyItem(clip.facts.clip_id);
      expect(ContentItem.parse(item)).toEqual(item);
    }
  });

  it('accepts the clip that has no transcript yet and a null vod_offset', () => {
    const item = readyItem('ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z');
    expect(item.transcript).toBeUndefined();
    expect(ContentItem.safeParse(item).success).toBe(true);
  });

  it('survives a JSON round trip unchanged (what content/items/<id>.json stores)', () => {
    const item = readyItem('FuzzyHonestLlamaVoHiYo-Bt6Yq1Mx4Kc8Rn3S');
    expect(ContentItem.parse(JSON.parse(JSON.stringify(item)))).toEqual(item);
  });

  it('accepts a failed item carrying an error code', () => {
    const item = {
      ...readyItem('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'),
      processing_status: 'failed',
      error: { code: 'transcription_failed', message: 'Workers AI 3040: capacity', occurred_at: NOW },
    };
    expect(ContentItem.safeParse(item).success).toBe(true);
  });

  it.each([
    ['a javascript: clip URL', { clip_url: 'javascript:alert(1)' }, 'clip_url'],
    ['a data: thumbnail', { clip_thumbnail_url: 'data:image/png;base64,AAAA' }, 'clip_thumbnail_url'],
    ['an id with a slash', { content_item_id: 'twitch-../../x' }, 'content_item_id'],
    ['an unknown status', { processing_status: 'done' }, 'processing_status'],
    ['another schema version', { schema_version: '2.0.0' }, 'schema_version'],
    ['a score above 100', { content_score: 101 }, 'content_score'],
    ['an upper-case tag', { content_tags: ['Laravel'] }, 'content_tags.0'],
    ['a non-integer view count', { clip_view_count: 1.5 }, 'clip_view_count'],
    [
      'an error code that is not snake_case',
      { error: { code: 'Boom!', message: 'x', occurred_at: NOW } },
      'error.code',
    ],
  ])('rejects %s, naming the field', (_name, patch, path) => {
    const result = ContentItem.safeParse({ ...readyItem('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'), ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
