import { describe, expect, it } from 'vitest';
import { GREEN_CLIP_FACTS } from '../../test/fixtures/builders.ts';
import { fixture } from '../../test/fixtures/load.ts';
import { newContentItem } from '../content-item/create.ts';
import { isStreamlogError } from '../errors.ts';
import { ClipFacts, ContentItem } from '../schemas/content-item.ts';
import { clipFacts, dedupeClips, HelixClip, type ParsedClip, parseClipsPage, UNKNOWN_CREATOR } from './helix-clip.ts';

const page1 = fixture('twitch/clips-page1.json') as { data: Record<string, unknown>[] };
const page2 = fixture('twitch/clips-page2.json') as { data: Record<string, unknown>[] };
const rawEntries = [...page1.data, ...page2.data];
const NOW = '2026-11-10T01:33:00Z';

function entry(id: string): Record<string, unknown> {
  const found = rawEntries.find((clip) => clip.id === id);
  if (!found) throw new Error(`no fixture clip ${id}`);
  return structuredClone(found);
}

function pageOf(...data: unknown[]): unknown {
  return { data, pagination: {} };
}

describe('parseClipsPage on the recorded Get Clips pages', () => {
  const first = parseClipsPage(page1);
  const second = parseClipsPage(page2);
  const all = [...first.clips, ...second.clips];

  it('accepts all 15 entries and rejects none', () => {
    expect(rawEntries).toHaveLength(15);
    expect(first.rejected).toEqual([]);
    expect(second.rejected).toEqual([]);
    expect(all).toHaveLength(15);
  });

  it('returns the cursor of a page that has more, and none for the last page ("pagination": {})', () => {
    expect(first.cursor).toEqual(expect.any(String));
    expect(first.cursor?.length).toBeGreaterThan(0);
    expect(second.cursor).toBeUndefined();
    expect('cursor' in second).toBe(false);
  });

  it('dedupes the clip repeated at the page boundary to 14, keeping the later observation (more views)', () => {
    const unique = dedupeClips(all);
    expect(unique).toHaveLength(14);
    const heron = unique.filter((clip) => clip.facts.clip_id === 'CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B');
    expect(heron).toHaveLength(1);
    expect(heron[0]?.facts.clip_view_count).toBe(212);
    // Order of first appearance is kept: the heron was last on page 1.
    expect(unique.map((clip) => clip.facts.clip_id).indexOf('CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B')).toBe(7);
  });

  it('turns every clip into ClipFacts and then a pending ContentItem that passes ContentItem.parse', () => {
    for (const clip of all) {
      expect(ClipFacts.parse(clip.facts)).toEqual(clip.facts);
      const item = newContentItem(clip.facts, NOW);
      expect(ContentItem.parse(item)).toEqual(item);
      expect(item.content_item_id).toBe(`twitch-${clip.facts.clip_id}`);
      expect(item.processing_status).toBe('pending');
    }
  });

  it('keeps hostile and multi-code-point titles byte for byte (escaping is the renderer’s job)', () => {
    const titles = all.map((clip) => clip.facts.clip_title);
    const raw = rawEntries.map((clip) => clip.title);
    expect(titles).toEqual(raw);
    expect(titles.some((title) => title.includes("<script>alert('clip')</script>"))).toBe(true);
    expect(titles.some((title) => title.startsWith('**idempotency keys**'))).toBe(true);
    expect(titles.some((title) => title.includes('🇲🇽'))).toBe(true);
    expect(titles.some((title) => title.includes('¿Por qué'))).toBe(true);
  });

  it('accepts clip ids containing "-" and "_"', () => {
    const ids = all.map((clip) => clip.facts.clip_id);
    expect(ids).toContain('SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp');
    expect(ids).toContain('ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd');
  });

  it('accepts a clip whose vod_offset is still null while Twitch processes it', () => {
    const eagle = all.find((clip) => clip.facts.clip_id === 'ProudFastEagleTwitchUnity-Yr8Kp3Ls6Nv1Qd4Z');
    expect(eagle?.helix.vod_offset).toBeNull();
    expect(eagle?.helix.video_id).toBe('2616871235');
  });

  it('keeps the Helix fields matching and scoring need next to the facts', () => {
    const creeper = all.find((clip) => clip.facts.clip_id === 'LoudBrightCreeperBabyRage-Vn7Rk3Pw0Qs9Lm2D');
    expect(creeper?.helix).toMatchObject({ game_id: '27471', video_id: '2613559020', vod_offset: 16258 });
    const tapir = all.find((clip) => clip.facts.clip_id === 'ElegantSmoothTapirBibleThump-Zr0aWq9_LmEk3uJd');
    expect(tapir?.helix.is_featured).toBe(true);
    expect(tapir?.facts.clip_duration).toBe(60);
  });
});

describe('clipFacts', () => {
  it('maps the Helix fields onto the ContentItem names', () => {
    const raw = entry('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k');
    expect(clipFacts(HelixClip.parse(raw))).toEqual(GREEN_CLIP_FACTS);
  });

  it('returns exactly the ClipFacts keys, so nothing Helix-only leaks into a stored item', () => {
    const facts = clipFacts(HelixClip.parse(entry('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k')));
    expect(Object.keys(facts).sort()).toEqual(Object.keys(ClipFacts.shape).sort());
  });
});

describe('parseClipsPage with bad entries', () => {
  it('rejects one bad clip with its index and the failing field, and keeps the rest of the batch', () => {
    const noUrl = entry('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k');
    delete noUrl.url;
    const page = parseClipsPage(pageOf(entry('ShyFancyKoalaSeemsGood-d2Fh8Kw5Ny1Tq6Lz'), noUrl, 'not a clip', null));
    expect(page.clips.map((clip) => clip.facts.clip_id)).toEqual(['ShyFancyKoalaSeemsGood-d2Fh8Kw5Ny1Tq6Lz']);
    expect(page.rejected).toHaveLength(3);
    expect(page.rejected[0]).toMatchObject({ index: 1, clip_id: 'TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k' });
    expect(page.rejected[0]?.issues.map((issue) => issue.path)).toEqual(['url']);
    expect(page.rejected[1]).toMatchObject({ index: 2 });
    expect(page.rejected[1]).not.toHaveProperty('clip_id');
    expect(page.rejected[2]).toMatchObject({ index: 3 });
  });

  it.each([
    ['a javascript: thumbnail', { thumbnail_url: 'javascript:alert(1)' }, 'thumbnail_url'],
    ['an id that is not safe in a path', { id: '../../etc/passwd' }, 'id'],
    ['a negative view count', { view_count: -1 }, 'view_count'],
    ['a created_at without an offset', { created_at: '2026-11-03 20:14:09' }, 'created_at'],
    ['a zero duration', { duration: 0 }, 'duration'],
  ])('rejects %s', (_name, patch, field) => {
    const page = parseClipsPage(pageOf({ ...entry('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'), ...patch }));
    expect(page.clips).toEqual([]);
    expect(page.rejected[0]?.issues.map((issue) => issue.path)).toContain(field);
  });

  it('degrades optional Helix fields to null instead of rejecting the clip', () => {
    const raw = {
      ...entry('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'),
      video_id: '',
      game_id: null,
      vod_offset: 'soon',
      language: 42,
      is_featured: 'yes',
      some_future_field: { nested: true },
    };
    delete (raw as Record<string, unknown>).broadcaster_id;
    const [clip] = parseClipsPage(pageOf(raw)).clips;
    expect(clip?.helix).toMatchObject({
      video_id: null,
      game_id: null,
      vod_offset: null,
      language: null,
      broadcaster_id: null,
      is_featured: false,
    });
    expect(clip?.helix).not.toHaveProperty('some_future_field');
  });

  it('names a clip whose creator has no display name "unknown" rather than dropping it', () => {
    const raw = { ...entry('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'), creator_name: '' };
    const [clip] = parseClipsPage(pageOf(raw)).clips;
    expect(clip?.facts.creator_name).toBe(UNKNOWN_CREATOR);
  });

  it('treats an empty cursor as the last page', () => {
    const page = parseClipsPage({ data: [], pagination: { cursor: '' } });
    expect(page).toEqual({ clips: [], rejected: [] });
  });

  it('throws validation_failed for a body without a data array', () => {
    for (const body of [null, {}, { data: 'nope' }, [], 'text']) {
      expect(() => parseClipsPage(body)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
    try {
      parseClipsPage({ error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' });
      expect.unreachable();
    } catch (error) {
      expect(isStreamlogError(error, 'validation_failed')).toBe(true);
    }
  });
});

describe('dedupeClips', () => {
  it('keeps the copy with more views wherever it appears', () => {
    const base = parseClipsPage(pageOf(entry('CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B'))).clips[0] as ParsedClip;
    const later = { ...base, facts: { ...base.facts, clip_view_count: 500 } };
    const other = parseClipsPage(pageOf(entry('TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'))).clips[0] as ParsedClip;
    expect(dedupeClips([later, other, base]).map((clip) => clip.facts.clip_view_count)).toEqual([500, 96]);
    expect(dedupeClips([base, other, later]).map((clip) => clip.facts.clip_view_count)).toEqual([500, 96]);
  });
});
