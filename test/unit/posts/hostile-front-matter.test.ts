import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composePost, postFile } from '../../../core/posts/compose.ts';
import { FRONTMATTER_KEYS, serializeFrontmatter } from '../../../core/posts/front-matter.ts';
import { offlineProse } from '../../../core/posts/prose.ts';
import { PostFrontmatter } from '../../../core/schemas/post.ts';
import { readPostFile } from '../../../pipeline/src/generate/read-post-file.ts';
import { SAMPLE_FRONTMATTER } from '../../fixtures/builders.ts';
import { EDGE_NUMBERS, hostileText } from '../../lib/hostile-text.ts';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';
import { hostilePost, SITE_URL, sampleItems } from './hostile-post.ts';

/**
 * Front matter under hostile text, beyond the title and description that front-matter.test.ts
 * covers: every string the schema holds (timezone, judge notes, generator version, fallback reason),
 * edge numbers, and whole posts composed from hostile clips, commits and model prose. Written by
 * the pipeline and read back with gray-matter (YAML only), the data comes back exactly, strings stay
 * strings, the file has exactly the schema's keys one per line, and no engine other than YAML runs.
 */
const runs = (bounded: number) => propertyRuns(bounded, process.env.FC_RUNS);

/** Numbers the schema allows in a score or a confidence: edge values and any double within 0–1 or 0–100. */
const unit = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS.filter((n) => n >= 0 && n <= 1)),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

const frontmatter: fc.Arbitrary<PostFrontmatter> = fc
  .record({
    title: hostileText,
    description: hostileText,
    timezone: hostileText,
    notes: fc.array(hostileText, { maxLength: 4 }),
    version: hostileText,
    fallback: fc.option(hostileText, { nil: undefined }),
    confidence: unit,
    score: fc.oneof(
      unit.map((n) => n * 100),
      fc.constantFrom(0, 100, 99.99999999999999),
    ),
  })
  .map(({ title, description, timezone, notes, version, fallback, confidence, score }) => ({
    ...SAMPLE_FRONTMATTER,
    title,
    description,
    timezone,
    content_score: score,
    judge: {
      verdict: 'polish' as const,
      confidence,
      scores: { coherence: confidence, correctness: 1, developer_signal: 0, safety: confidence },
      notes,
    },
    generated_by: {
      pipeline_version: version,
      ai_provider: 'workers-ai' as const,
      generated_at: '2026-11-10T03:00:00Z',
      ...(fallback === undefined ? {} : { fallback_reason: fallback }),
    },
  }));

/** The file's front matter block: the lines between the opening `---` and the closing one. */
function block(file: string): string[] {
  const lines = file.split('\n');
  expect(lines[0], 'the opening line is exactly "---": no engine name after it').toBe('---');
  const end = lines.indexOf('---', 1);
  expect(end).toBeGreaterThan(0);
  return lines.slice(1, end);
}

/** One line per key: every line is `key: value` or `key:` (a nested mapping), at a schema key. */
function expectOneLinePerKey(lines: string[]): void {
  const topLevel = lines.filter((line) => !line.startsWith(' ')).map((line) => line.slice(0, line.indexOf(':')));
  for (const key of topLevel) expect(FRONTMATTER_KEYS as string[]).toContain(key);
  for (const line of lines) expect(line).toMatch(/^( {2})*[a-z_]+:( .*)?$/);
}

/** Data as it should read back: the same values, nothing but JSON types (no Date, no undefined). */
function plain(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data));
}

describe('front matter under hostile text', { timeout: propertyTimeout(runs(300)) }, () => {
  it('round-trips every string and number the schema holds, exactly, one key per line', () => {
    fc.assert(
      fc.property(frontmatter, (data) => {
        const file = serializeFrontmatter(data);
        expectOneLinePerKey(block(file));
        const read = readPostFile(`${file}\nbody\n`).data;
        expect(read).toStrictEqual(plain(data));
        const judge = read.judge as { notes: unknown[] };
        for (const value of [read.title, read.description, read.timezone, ...judge.notes]) {
          expect(typeof value).toBe('string');
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('reads back a composed post exactly: clip titles, transcripts, commits and model prose change no key and no type', () => {
    fc.assert(
      fc.property(hostilePost, ({ facts, prose, provenance }) => {
        const post = composePost(facts, prose, provenance);
        const file = postFile(post);
        expectOneLinePerKey(block(file));
        const { data, body } = readPostFile(file);
        expect(data).toStrictEqual(plain(post.frontmatter));
        expect(PostFrontmatter.parse(data)).toStrictEqual(post.frontmatter);
        expect(data.draft).toBe(false);
        expect(body.trim()).toBe(post.body.trim());
        expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      }),
      { numRuns: runs(150) },
    );
  });

  // Found by the property above: an item id that names a property of Object.prototype made the
  // composer take `Object.prototype.constructor` for the clip's summary and throw.
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])('composes a post whose item id is %s', (id) => {
    const [sample] = sampleItems;
    if (!sample) throw new Error('no sample item');
    const facts = {
      content_type: 'daily_recap' as const,
      period: { start: '2026-11-03', end: '2026-11-03' },
      timezone: 'UTC',
      featured: [{ ...sample, content_item_id: id }],
      site_url: SITE_URL,
    };
    const post = composePost(
      facts,
      { ...offlineProse(facts), summaries: {} },
      {
        pipeline_version: '1',
        ai_provider: 'offline',
        generated_at: '2026-11-10T03:00:00Z',
      },
    );
    expect(post.frontmatter.content_item_ids).toEqual([id]);
    expect(post.body).not.toMatch(/native code|function/);
  });
});
