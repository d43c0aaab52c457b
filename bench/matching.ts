/**
 * Matching speed: places and matches every clip of a synthetic streaming schedule against its GitHub
 * activity (sorting and deduplication included), at 1 day (50 clips + 500 events) and 10 days
 * (10×), plus 10× crammed into one day, which is the worst case for the time-window search.
 * Near-linear means the cost per (clip + event) stays flat as the input grows.
 *   npm run bench:matching
 */
import { mergeActivity } from '../core/github/merge.ts';
import { matchClip } from '../core/matching/match-clip.ts';
import { placeClip } from '../core/matching/place-clip.ts';
import type { ClipTiming, GitHubActivity } from '../core/pipeline/contracts.ts';
import { mulberry32 } from '../test/lib/mulberry32.ts';
import { writeResultsSection } from './lib/results.ts';

const DAY_MS = 24 * 3600 * 1000;
const START = Date.parse('2026-11-02T15:00:00Z');
const WORDS = `stripe webhook idempotency invoice parser laravel react inertia workers llama schema queue retry
  receipt payout cents python tesseract pdfplumber upload dropzone validation migration index constraint
  test green deploy release prompt injection overlay escape template component`.split(/\s+/);

function sentence(next: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

interface World {
  clips: { timing: ClipTiming; title: string; transcript: string }[];
  activity: GitHubActivity[];
}

/** `days` streams of 5 hours; `clipsPerDay` clips and `eventsPerDay` events spread over each stream. */
function world(days: number, clipsPerDay: number, eventsPerDay: number, seed: number): World {
  const next = mulberry32(seed);
  const clips: World['clips'] = [];
  const activity: GitHubActivity[] = [];
  for (let day = 0; day < days; day++) {
    const streamStart = START + day * DAY_MS;
    const streamMs = 5 * 3600 * 1000;
    for (let i = 0; i < clipsPerDay; i++) {
      const created = streamStart + Math.floor(next() * streamMs);
      clips.push({
        timing: {
          clip_created_at: new Date(created).toISOString(),
          clip_duration: 10 + Math.floor(next() * 50),
          vod_offset: next() < 0.8 ? Math.floor((created - streamStart) / 1000) - 30 : null,
          video_id: String(9_000_000 + day),
          video_started_at: new Date(streamStart).toISOString(),
        },
        title: sentence(next, 6),
        transcript: sentence(next, 120),
      });
    }
    for (let i = 0; i < eventsPerDay; i++) {
      const at = new Date(streamStart + Math.floor(next() * streamMs)).toISOString().replace('.000Z', 'Z');
      const repository = next() < 0.5 ? 'codewithmara/payments-api' : 'codewithmara/ai-invoice-app';
      const sha = Array.from({ length: 40 }, () => Math.floor(next() * 16).toString(16)).join('');
      const url = `https://github.com/${repository}`;
      const roll = next();
      if (roll < 0.8) {
        activity.push({
          kind: 'commit',
          id: sha,
          sha,
          message: sentence(next, 8),
          author_login: 'codewithmara',
          url: `${url}/commit/${sha}`,
          repository,
          occurred_at: at,
        });
      } else if (roll < 0.93) {
        const number = 1 + Math.floor(next() * 500);
        activity.push({
          kind: 'pull_request',
          id: `${repository}#${number}:opened:${i}`,
          number,
          title: sentence(next, 7),
          state: 'open',
          action: 'opened',
          url: `${url}/pull/${number}`,
          repository,
          occurred_at: at,
        });
      } else {
        const number = 1 + Math.floor(next() * 500);
        activity.push({
          kind: 'issue',
          id: `${repository}#${number}:opened:${i}`,
          number,
          title: sentence(next, 7),
          state: 'open',
          action: 'opened',
          url: `${url}/issues/${number}`,
          repository,
          occurred_at: at,
        });
      }
    }
  }
  return { clips, activity };
}

/** One full matching pass: dedupe and sort the activity, then place and match every clip. */
function run(input: World): number {
  // Fresh objects each pass, so tokenising the activity is measured every time, not cached.
  const activity = mergeActivity(input.activity.map((entry) => ({ ...entry })));
  let links = 0;
  for (const clip of input.clips) {
    const context = matchClip(placeClip(clip.timing), { title: clip.title, transcript: clip.transcript }, activity, {
      username: 'codewithmara',
      now: '2026-11-20T00:00:00Z',
    });
    links += context.commits.length + context.pull_requests.length + context.issues.length;
  }
  return links;
}

const cases = [
  { name: '1 day: 50 clips + 500 events', input: world(1, 50, 500, 1) },
  { name: '10 days: 500 clips + 5,000 events', input: world(10, 50, 500, 2) },
  { name: '10× in one day: 500 clips + 5,000 events', input: world(1, 500, 5000, 3) },
];

// Rounds run the cases side by side, so drift in machine load hits every size alike; the median of
// each case's times is reported.
const ROUNDS = 15;
const times: number[][] = cases.map(() => []);
const links: number[] = cases.map(({ input }) => run(input)); // warm-up: JIT and caches
for (let round = 0; round < ROUNDS; round++) {
  cases.forEach(({ input }, index) => {
    const start = performance.now();
    links[index] = run(input);
    times[index]?.push(performance.now() - start);
  });
}

const rows: string[][] = [];
const perItem: number[] = [];
cases.forEach(({ name, input }, index) => {
  const sorted = [...(times[index] ?? [])].sort((a, b) => a - b);
  const medianMs = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const n = input.clips.length + input.activity.length;
  const ns = (medianMs * 1e6) / n;
  perItem.push(ns);
  rows.push([name, `${medianMs.toFixed(2)} ms`, `${Math.round(ns).toLocaleString('en-US')} ns`, String(links[index])]);
  console.error(`${name}: ${medianMs.toFixed(2)} ms, ${Math.round(ns)} ns per (clip + event), ${links[index]} links`);
});
/** A markdown table with padded columns, as the formatter would write it. */
function table(header: string[], body: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, 3, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const [small = 1, large = 1, dense = 1] = perItem;
const body = `Median of ${ROUNDS} interleaved rounds; each run deduplicates and sorts the activity, then places and matches every
clip (binary search into the time-sorted activity, at most 64 nearest candidates per clip).

${table(['input', 'time', 'per (clip + event)', 'links'], rows)}

Growth of the cost per (clip + event) from 1× to 10×: ${(large / small).toFixed(2)}× over 10 days, ${(dense / small).toFixed(2)}×
crammed into one day (1.00× is perfectly linear; the sort adds a log factor).`;
writeResultsSection('matching', 'Matching (`npm run bench:matching`)', body);
console.log(body);
