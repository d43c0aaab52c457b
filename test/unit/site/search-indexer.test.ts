import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SearchIndexer, startSearchIndexer } from '../../../site/integrations/search-indexer.ts';

const cleanup: string[] = [];
const indexers: SearchIndexer[] = [];
afterEach(async () => {
  for (const indexer of indexers.splice(0)) await indexer.stop();
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'streamlog-indexer-'));
  cleanup.push(dir);
  return dir;
}

function start(): SearchIndexer {
  const indexer = startSearchIndexer();
  indexers.push(indexer);
  return indexer;
}

const doc = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><p>About quokkas.</p></main></body></html>`;

/** Pagefind processes this process has started, by pid, as Linux's /proc shows them. */
function pagefindChildren(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // `pid (comm) state ppid …`
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === process.pid && comm.startsWith('pagefind') ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

describe('startSearchIndexer', () => {
  it('indexes the documents added and writes the index when asked', async () => {
    const out = await tempDir();
    const indexer = start();
    indexer.add({ url: '/posts/one/', html: doc('First quokka day') });
    indexer.add({ url: '/posts/two/', html: doc('Second quokka day') });

    expect(await indexer.write(out)).toEqual([]);

    const written = await readdir(out);
    expect(written).toEqual(expect.arrayContaining(['pagefind.js', 'pagefind-entry.json', 'pagefind-ui.js']));
    expect(JSON.parse(readFileSync(join(out, 'pagefind-entry.json'), 'utf8')).languages.en.page_count).toBe(2);
  });

  it('answers with an error, not never, when Pagefind dies while writing', async () => {
    const dir = await tempDir();
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    const indexer = start();
    indexer.add({ url: '/posts/one/', html: doc('Quokka') });

    // Pagefind's process panics on an output path it cannot create, and its Node API never answers.
    const errors = await indexer.write(join(file, 'pagefind'));

    expect(errors).toEqual([
      expect.stringMatching(/^search indexer: stopped \(exit code \d+\) before writing the index$/),
    ]);
  });

  it.runIf(process.platform === 'linux')(
    'runs Pagefind at the lowest priority and leaves this thread alone',
    async () => {
      const own = getPriority();
      const indexer = start();
      indexer.add({ url: '/posts/one/', html: doc('Quokka') });
      let children: number[] = [];
      for (let tries = 0; tries < 200 && children.length === 0; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        children = pagefindChildren();
      }

      expect(children.map((pid) => getPriority(pid))).toEqual([19]);
      expect(getPriority()).toBe(own);
      expect(await indexer.write(await tempDir())).toEqual([]);
    },
  );
});
