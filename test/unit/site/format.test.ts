import { describe, expect, it } from 'vitest';
import {
  excerpt,
  firstLine,
  formatDate,
  formatDuration,
  formatOffset,
  formatPercent,
  formatPeriod,
  thumbnailSize,
} from '../../../site/lib/format.ts';

describe('excerpt', () => {
  it('returns short text unchanged, with whitespace collapsed', () => {
    expect(excerpt('  Green!\n All   green!  ')).toBe('Green! All green!');
  });

  it('cuts long text at a word boundary and marks the cut', () => {
    const text = 'alpha beta gamma delta epsilon';
    expect(excerpt(text, 14)).toBe('alpha beta…');
  });

  it('never splits an emoji or a two-code-point flag', () => {
    const text = `${'a'.repeat(9)}🇲🇽🇲🇽`;
    expect(excerpt(text, 10)).toBe(`${'a'.repeat(9)}🇲🇽…`);
  });

  it('keeps hostile markup as plain characters; escaping is the renderer’s job', () => {
    expect(excerpt("<script>alert('clip')</script>")).toBe("<script>alert('clip')</script>");
  });
});

describe('firstLine', () => {
  it('takes the subject of a CRLF commit message', () => {
    expect(firstLine('fix(parser): reject totals\r\n\r\nbody')).toBe('fix(parser): reject totals');
  });
});

describe('formatDuration', () => {
  it.each([
    [5, '5 s'],
    [27.4, '27.4 s'],
    [60, '1:00'],
    [725.2, '12:05'],
  ])('%s seconds reads as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('dates', () => {
  it('formats an instant on the calendar of the post’s zone', () => {
    // 01:41Z on the 10th is still the 9th in Mexico City.
    expect(formatDate('2026-11-10T01:41:00Z', 'America/Mexico_City')).toBe('November 9, 2026');
    expect(formatDate('2026-11-10T01:41:00Z', 'UTC')).toBe('November 10, 2026');
  });

  it('formats a local-date period without shifting it through a zone', () => {
    expect(formatPeriod({ start: '2026-11-09', end: '2026-11-09' })).toBe('Monday, November 9, 2026');
    expect(formatPeriod({ start: '2026-11-09', end: '2026-11-15' })).toBe(
      'Monday, November 9, 2026 – Sunday, November 15, 2026',
    );
  });
});

describe('formatPercent', () => {
  it('rounds a 0–1 confidence to a whole percentage', () => {
    expect(formatPercent(0.925)).toBe('93%');
  });
});

describe('thumbnailSize', () => {
  it('reads the size Twitch encodes in the thumbnail URL', () => {
    expect(thumbnailSize('https://static-cdn.jtvnw.net/twitch-clips/abc/AT-cm%7Cabc-preview-260x147.jpg')).toEqual({
      width: 260,
      height: 147,
    });
  });

  it('falls back to 480×272 when the URL does not say', () => {
    expect(thumbnailSize('https://example.com/thumb.jpg')).toEqual({ width: 480, height: 272 });
  });
});

describe('formatOffset', () => {
  it.each([
    [160, '3 min after the clip'],
    [-40, '40 s before the clip'],
    [0.2, 'at the clip'],
    [5400, '1.5 h after the clip'],
  ])('says %s s as %j', (seconds, text) => {
    expect(formatOffset(seconds)).toBe(text);
  });
});
