import { env } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestDay } from '../../../pipeline/src/jobs/ingest-day.ts';
import { ServerControl } from '../../servers/lib/control-client.ts';
import { fakeServiceVars, testDeps } from '../helpers/deps.ts';

const twitch = new ServerControl(env.TWITCH_TEST_SERVER, crypto.randomUUID());

afterAll(() => twitch.finish());

describe('stream days in UTC, where stream C crosses midnight', () => {
  const { deps } = testDeps(fakeServiceVars(twitch.url, { STREAM_TIMEZONE: 'UTC', GITHUB_USERNAME: 'nobody-here' }));

  it('keeps the clips made after midnight on the day the stream started, and leaves them out of the next day', async () => {
    const nextDay = await ingestDay(deps, { date: '2026-11-10', force: false });
    // The window of 11-10 sees the three post-midnight clips of the 11-09 stream and skips them.
    expect(nextDay.clips).toMatchObject({ new: 0, other_days: 3 });
    expect(await deps.clipDetails.itemsOfDay('2026-11-10')).toEqual([]);

    const startDay = await ingestDay(deps, { date: '2026-11-09', force: false });
    expect(startDay.clips.new).toBe(5);
    const items = await deps.clipDetails.itemsOfDay('2026-11-09');
    expect(items).toHaveLength(5);
    expect(items).toContain('twitch-DizzySharpFoxNotLikeThis-Lc2_Vd9Hs4Qp7Wm1');
  });
});
