import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeFrontmatter } from '../../../core/posts/front-matter.ts';
import { markdownText } from '../../../core/posts/untrusted-text.ts';
import { PostFrontmatter } from '../../../core/schemas/post.ts';
import { readPostFile } from '../../../pipeline/src/generate/read-post-file.ts';
import { SAMPLE_FRONTMATTER } from '../../fixtures/builders.ts';
import { propertyRuns } from '../../lib/property-runs.ts';

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '"\n---\ndraft: true\n---',
    'title: x\ndraft: true',
    '\u2028draft: true',
    '\u0085draft: true',
    '!!js/function "function(){}"',
    '{{ constructor.constructor("alert(1)")() }}',
    '\\"; draft: true; "',
    '---js\nmodule.exports = {}',
    '\ufeff--- ',
    '*&anchor [1, 2]',
  ),
);

describe('front matter', () => {
  it('round-trips any title and description exactly, and no value adds or changes a key', () => {
    fc.assert(
      fc.property(hostile, hostile, (title, description) => {
        const data = { ...SAMPLE_FRONTMATTER, title: title || 'x', description: description || 'y' };
        const { data: read } = readPostFile(`${serializeFrontmatter(data)}\nbody\n`);
        expect(Object.keys(read).sort()).toEqual(Object.keys(data).sort());
        expect(read.title).toBe(data.title);
        expect(read.description).toBe(data.description);
        expect(read.draft).toBe(false);
      }),
      { numRuns: propertyRuns(400, process.env.FC_RUNS) },
    );
  });

  it('writes what the schema accepts back', () => {
    const file = serializeFrontmatter({
      ...SAMPLE_FRONTMATTER,
      judge: {
        verdict: 'pass',
        confidence: 0.7,
        scores: { coherence: 1, correctness: 1, developer_signal: 0.8, safety: 1 },
        notes: ['a "quoted" note'],
      },
    });
    expect(PostFrontmatter.parse(readPostFile(file).data)).toMatchObject({ judge: { notes: ['a "quoted" note'] } });
  });
});

describe('reading post files never evaluates JavaScript', () => {
  const payload = 'globalThis.__pwned = true; ({ title: "x" })';
  for (const opening of [
    '---js',
    '---javascript',
    '---JS',
    '---JavaScript',
    '--- js',
    '---Js ',
    '---coffee',
    '---json',
  ]) {
    it(`refuses ${JSON.stringify(opening)}`, () => {
      expect(() => readPostFile(`${opening}\n${payload}\n---\nbody`)).toThrow(/exactly "---"|never evaluated/);
      expect((globalThis as { __pwned?: boolean }).__pwned).toBeUndefined();
    });
  }
});

describe('untrusted text in markdown', () => {
  it('never yields a link, tag, or line-leading block syntax', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const out = markdownText(text);
        expect(out).not.toMatch(/(^|[^\\])[<[`*_]/);
        expect(out).not.toMatch(/https?:\/\/|www\./i);
        expect(out).not.toMatch(/\n/);
      }),
      { numRuns: propertyRuns(500, process.env.FC_RUNS) },
    );
  });
});
