import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DiscordWebhookPayload,
  escapeMarkdown,
  payloadJson,
  payloadText,
  type ReviewMessageInput,
  type ReviewStage,
  reviewMessage,
  safeUrl,
  truncate,
} from './review-message.ts';

const OPTIONS = { siteUrl: 'https://blog.codewithmara.dev', githubHost: 'github.com' };

function notice(overrides: Partial<ReviewMessageInput> = {}): ReviewMessageInput {
  return {
    subject_key: 'daily_recap:2026-11-09',
    stage: 'opened',
    post_title: 'Five receipts for one payment: fixing Stripe webhook retries in Laravel',
    pull_request: { number: 88, url: 'https://github.com/codewithmara/blog/pull/88', draft: false },
    highlights: ['3 clips · 2 commits · 1 PR', 'Stripe webhook retries are hammering prod'],
    ...overrides,
  };
}

/** Discord's limits, restated from test/fixtures/SHAPES.md (not imported, so a wrong constant shows). */
function limitViolations(payload: DiscordWebhookPayload): string[] {
  const problems: string[] = [];
  const check = (path: string, text: string | undefined, max: number) => {
    if (text !== undefined && text.trim().length > max) problems.push(`${path} is ${text.length} > ${max}`);
  };
  check('content', payload.content, 2000);
  if (payload.embeds.length > 10) problems.push('more than 10 embeds');
  let total = 0;
  for (const [i, embed] of payload.embeds.entries()) {
    check(`embeds.${i}.title`, embed.title, 256);
    check(`embeds.${i}.description`, embed.description, 4096);
    check(`embeds.${i}.footer.text`, embed.footer.text, 2048);
    if (embed.fields.length > 25) problems.push(`embeds.${i} has ${embed.fields.length} fields`);
    total += embed.title.length + embed.description.length + embed.footer.text.length;
    for (const [j, field] of embed.fields.entries()) {
      check(`embeds.${i}.fields.${j}.name`, field.name, 256);
      check(`embeds.${i}.fields.${j}.value`, field.value, 1024);
      if (field.name.trim() === '' || field.value.trim() === '') problems.push(`embeds.${i}.fields.${j} is empty`);
      total += field.name.length + field.value.length;
    }
  }
  if (total > 6000) problems.push(`embed total ${total} > 6000`);
  return problems;
}

const MENTION_PATTERNS = [
  /@everyone/,
  /@here/,
  /<@[!&]?\d+>/,
  /<#\d+>/,
  /<\/[^>\s]+:\d+>/,
  /<t:-?\d+(:[a-zA-Z])?>/,
  /<a?:\w+:\d+>/,
];

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function mentionsIn(payload: DiscordWebhookPayload): string[] {
  return strings(payload).flatMap((text) =>
    MENTION_PATTERNS.filter((p) => p.test(text)).map((p) => `${p} in ${text.slice(0, 80)}`),
  );
}

/** Our own masked links (fixed texts, allow-listed URLs) are the only markdown we put in on purpose. */
const OWN_LINK = /\[(#\d+|pull request|Open the preview|Read the post)\]\(https?:\/\/[^\s()]+\)/g;

/** Markdown characters in `text` not escaped by a backslash, and lines that would start a heading, subtext or list. */
function unescapedMarkdown(text: string): string[] {
  const found: string[] = [];
  const plain = text.replace(OWN_LINK, '');
  for (let i = 0; i < plain.length; i++) {
    const char = plain[i] ?? '';
    if (!'*_~`|>[]'.includes(char)) continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && plain[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) found.push(`${char} at ${i} in ${plain.slice(Math.max(0, i - 20), i + 20)}`);
  }
  for (const line of plain.split('\n'))
    if (/^\s*(#{1,3}|-#|[-+*]|\d+\.)\s/.test(line)) found.push(`line starts with markup: ${line.slice(0, 40)}`);
  return found;
}

/** Every string Discord renders as markdown: content, title, description, field names and values (not the footer). */
function markdownParts(payload: DiscordWebhookPayload): string[] {
  const bold = payload.content.replace(/^📝 \*\*[A-Za-z ]+\*\*/, '');
  return [
    bold,
    ...payload.embeds.flatMap((embed) => [
      embed.title,
      embed.description,
      ...embed.fields.flatMap((f) => [f.name, f.value]),
    ]),
  ];
}

describe('reviewMessage', () => {
  it('builds one embed for an opened PR: title, PR link, colour, fields, footer, and no mentions allowed', () => {
    const payload = reviewMessage(notice(), OPTIONS);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.embeds).toHaveLength(1);
    const [embed] = payload.embeds;
    expect(embed?.title).toBe('Opened: Five receipts for one payment: fixing Stripe webhook retries in Laravel');
    expect(embed?.url).toBe('https://github.com/codewithmara/blog/pull/88');
    expect(embed?.color).toBe(0x5865f2);
    expect(embed?.fields.map((f) => f.name)).toEqual(['Pull request', 'Highlights']);
    expect(embed?.fields[0]?.value).toBe('[#88](https://github.com/codewithmara/blog/pull/88)');
    expect(embed?.fields[1]?.value).toBe('• 3 clips · 2 commits · 1 PR\n• Stripe webhook retries are hammering prod');
    expect(embed?.footer.text).toBe('streamlog · daily_recap:2026-11-09');
    expect(payload.content).toBe(
      '📝 **Opened** · PR #88 · Five receipts for one payment: fixing Stripe webhook retries in Laravel',
    );
  });

  it('shows the verdict, confidence and notes once judged, and preview and live links when they exist', () => {
    const payload = reviewMessage(
      notice({
        stage: 'live',
        pull_request: { number: 88, url: 'https://github.com/codewithmara/blog/pull/88', draft: true },
        verdict: { verdict: 'polish', confidence: 0.734, notes: ['cites PR #41 correctly', 'intro is long'] },
        preview_url: 'https://blog.codewithmara.dev/previews/pr-88/',
        live_url: 'https://blog.codewithmara.dev/posts/2026/five-receipts/',
      }),
      OPTIONS,
    );
    const fields = Object.fromEntries(payload.embeds[0]?.fields.map((f) => [f.name, f.value]) ?? []);
    expect(fields).toEqual({
      'Pull request': '[#88](https://github.com/codewithmara/blog/pull/88) · draft',
      Verdict: 'polish',
      Confidence: '73%',
      'Judge notes': '• cites PR #41 correctly\n• intro is long',
      Highlights: '• 3 clips · 2 commits · 1 PR\n• Stripe webhook retries are hammering prod',
      Preview: '[Open the preview](https://blog.codewithmara.dev/previews/pr-88/)',
      Live: '[Read the post](https://blog.codewithmara.dev/posts/2026/five-receipts/)',
    });
    expect(payload.embeds[0]?.title.startsWith('Live: ')).toBe(true);
  });

  it('gives every stage its own label and colour', () => {
    const stages: ReviewStage[] = ['opened', 'judged', 'preview_ready', 'merged', 'live', 'closed'];
    const embeds = stages.map((stage) => reviewMessage(notice({ stage }), OPTIONS).embeds[0]);
    expect(new Set(embeds.map((e) => e?.color)).size).toBe(stages.length);
    expect(embeds.map((e) => e?.title.split(':')[0])).toEqual([
      'Opened',
      'Judged',
      'Preview ready',
      'Merged',
      'Live',
      'Closed',
    ]);
  });

  it('is deterministic, so an unchanged notice has an unchanged payload', () => {
    expect(payloadJson(reviewMessage(notice(), OPTIONS))).toBe(payloadJson(reviewMessage(notice(), OPTIONS)));
    expect(payloadJson(reviewMessage(notice({ stage: 'judged' }), OPTIONS))).not.toBe(
      payloadJson(reviewMessage(notice(), OPTIONS)),
    );
  });

  it('makes a hostile title and notes inert: no ping, no mention, no masked link, no bold, within limits', () => {
    const hostile = '@everyone <@123> <@&456> <#789> [click](https://evil.example) **bold** @here';
    const payload = reviewMessage(
      notice({
        stage: 'judged',
        post_title: hostile + 'x'.repeat(10_000),
        verdict: { verdict: 'fail', confidence: 0.2, notes: [hostile, 'y'.repeat(10_000)] },
        highlights: Array.from({ length: 200 }, (_, i) => `${hostile} ${i}`),
      }),
      OPTIONS,
    );
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(limitViolations(payload)).toEqual([]);
    expect(mentionsIn(payload)).toEqual([]);
    for (const part of markdownParts(payload)) expect(unescapedMarkdown(part)).toEqual([]);
    const embed = payload.embeds[0];
    expect(embed?.title.length).toBeLessThanOrEqual(256);
    expect(embed?.title.endsWith('…')).toBe(true);
    // The masked link is broken and its URL is gone: nothing in an embed links anywhere unlisted.
    expect(embed?.title).toContain('\\[click\\](');
    expect(JSON.stringify(payload)).not.toContain('evil.example');
    expect(embed?.title).toContain('\\*\\*bold\\*\\*');
    expect(embed?.title).toContain('@\u200beveryone');
    expect(embed?.title).toContain('<\u200b@\u200b123\\>');
    const highlights = embed?.fields.find((f) => f.name === 'Highlights')?.value ?? '';
    expect(highlights).toMatch(/… and \d+ more$/);
    // The bracket that would close a masked link is always escaped.
    for (const text of strings(payload)) expect(text).not.toMatch(/(^|[^\\])\]\(https:\/\/evil/);
  });

  it('links only allow-listed http(s) URLs and names the others by host', () => {
    const hosts = ['github.com', 'ghe.example.com', 'blog.codewithmara.dev'];
    expect(safeUrl('https://github.com/o/r/pull/1', hosts)).toBe('https://github.com/o/r/pull/1');
    expect(safeUrl('https://GHE.example.com/o/r/pull/1', hosts)).toBe('https://GHE.example.com/o/r/pull/1');
    expect(safeUrl('https://clips.twitch.tv/Abc', hosts)).toBe('https://clips.twitch.tv/Abc');
    expect(safeUrl('http://blog.codewithmara.dev/a_(b)', hosts)).toBe('http://blog.codewithmara.dev/a_%28b%29');
    for (const bad of [
      'javascript:alert(1)',
      'https://evil.example/github.com',
      'https://github.com@evil.example/',
      'https://github.com.evil.example/',
      'https://github.com\\@evil.example',
      'ftp://github.com/x',
      'https://github.com/a b',
      '//github.com/x',
      'https://nottwitch.tv/x',
    ]) {
      expect(safeUrl(bad, hosts), bad).toBeNull();
    }
    const payload = reviewMessage(
      notice({
        pull_request: { number: 7, url: 'https://evil.example/pull/7', draft: false },
        preview_url: 'javascript:alert(1)',
        live_url: 'https://evil.example/**x**',
      }),
      OPTIONS,
    );
    const embed = payload.embeds[0];
    expect(embed?.url).toBeUndefined();
    expect(embed?.fields[0]?.value).toBe('#7 (link not shown: host not allowed)');
    expect(embed?.fields.find((f) => f.name === 'Preview')?.value).toBe('link not shown: not an http(s) URL');
    expect(JSON.stringify(payload)).not.toContain('https://evil.example');
  });

  it('allows the configured GitHub host and the site origin', () => {
    const payload = reviewMessage(
      notice({ pull_request: { number: 3, url: 'https://ghe.corp.example/blog/pull/3', draft: false } }),
      { siteUrl: 'http://localhost:8787', githubHost: 'ghe.corp.example' },
    );
    expect(payload.embeds[0]?.url).toBe('https://ghe.corp.example/blog/pull/3');
    const live = reviewMessage(notice({ live_url: 'http://localhost:8787/posts/x/' }), {
      siteUrl: 'http://localhost:8787',
    });
    expect(live.embeds[0]?.fields.find((f) => f.name === 'Live')?.value).toBe(
      '[Read the post](http://localhost:8787/posts/x/)',
    );
  });

  it('escapes markdown at line starts and drops bidi overrides and lone surrogates', () => {
    expect(escapeMarkdown('# big\n- list\n-# small\n> quote')).toBe('\\# big\n\\- list\n\\-# small\n\\> quote');
    expect(escapeMarkdown('a\u202eb\u0000c\ud800d')).toBe('abc\ufffdd');
    expect(escapeMarkdown('||spoiler|| `code` ~~strike~~ __u__')).toBe(
      '\\|\\|spoiler\\|\\| \\`code\\` \\~\\~strike\\~\\~ \\_\\_u\\_\\_',
    );
  });

  it('truncates without splitting a surrogate pair, an escape or a broken mention', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('ab\\*cd', 4)).toBe('ab…');
    expect(truncate('ab@\u200bcd', 4)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('prints a stored payload as plain text for the outbox', () => {
    const text = payloadText(reviewMessage(notice(), OPTIONS));
    expect(text).toContain('Opened: Five receipts');
    expect(text).toContain('Pull request: [#88](https://github.com/codewithmara/blog/pull/88)');
    expect(text).toContain('streamlog · daily_recap:2026-11-09');
  });
});

describe('reviewMessage with any input (property)', () => {
  const hostileFragment = fc.oneof(
    fc.constantFrom(
      '@everyone',
      '@here',
      '<@123456789012345678>',
      '<@!42>',
      '<@&987>',
      '<#555>',
      '</deploy:123>',
      '<t:1794276344:R>',
      '<:pepe:123>',
      '[click](https://evil.example)',
      '**bold**',
      '__u__',
      '~~s~~',
      '||spoiler||',
      '`code`',
      '```',
      '> quote',
      '\n# heading',
      '\n-# small',
      '\n- item',
      '\\',
      '\\\\*',
      '@',
      '<',
      '\u202e',
      '\ud800',
      '\udc00',
      '😀',
      '\u0000',
      '\r\n',
      '\t',
      '   ',
    ),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );
  const hostileText = fc.oneof(
    fc.array(hostileFragment, { maxLength: 30 }).map((parts) => parts.join('')),
    fc.tuple(hostileFragment, fc.integer({ min: 1, max: 3000 })).map(([part, n]) => part.repeat(n)),
  );
  const anyUrl = fc.oneof(
    fc.constant(null),
    fc.webUrl(),
    fc.constantFrom('https://github.com/o/r/pull/1', 'javascript:alert(1)', 'https://evil.example/)](x'),
    hostileText,
  );
  const anyNotice: fc.Arbitrary<ReviewMessageInput> = fc.record({
    subject_key: hostileText,
    stage: fc.constantFrom('opened', 'judged', 'preview_ready', 'merged', 'live', 'closed'),
    post_title: hostileText,
    pull_request: fc.record({
      number: fc.oneof(fc.constant(null), fc.integer(), fc.double()),
      url: anyUrl,
      draft: fc.boolean(),
    }),
    verdict: fc.option(
      fc.record({
        verdict: fc.constantFrom('pass', 'polish', 'fail'),
        confidence: fc.double(),
        notes: fc.array(hostileText, { maxLength: 40 }),
      }),
      { nil: undefined },
    ),
    highlights: fc.array(hostileText, { maxLength: 40 }),
    preview_url: fc.option(fc.oneof(fc.webUrl(), hostileText), { nil: undefined }),
    live_url: fc.option(fc.oneof(fc.webUrl(), hostileText), { nil: undefined }),
  }) as fc.Arbitrary<ReviewMessageInput>;

  it('stays within every Discord limit, never allows a mention, and leaves no markdown unescaped', () => {
    fc.assert(
      fc.property(anyNotice, (input) => {
        const payload = reviewMessage(input, OPTIONS);
        expect(payload.allowed_mentions).toEqual({ parse: [] });
        expect(limitViolations(payload)).toEqual([]);
        expect(mentionsIn(payload)).toEqual([]);
        for (const part of markdownParts(payload)) expect(unescapedMarkdown(part)).toEqual([]);
        // Only allow-listed links become the embed URL.
        const url = payload.embeds[0]?.url;
        if (url !== undefined)
          expect(url).toMatch(/^https?:\/\/(github\.com|blog\.codewithmara\.dev|([a-z0-9-]+\.)*twitch\.tv)([/?#:]|$)/i);
        // No lone surrogates survive: the JSON is well-formed UTF-16.
        expect(payloadJson(payload)).not.toMatch(/\\ud[89a-f]/i);
      }),
      { numRuns: 300 },
    );
  });
});
