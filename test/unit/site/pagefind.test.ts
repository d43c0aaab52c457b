import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../build/astro-project.ts';

const run = promisify(execFile);

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('settledOrStalled', () => {
  it("answers with an error, not a quiet exit, when Pagefind's process dies while writing", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'streamlog-pagefind-'));
    cleanup.push(dir);
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    // Pagefind's process panics on an output path it cannot create, and its Node API never answers;
    // then nothing keeps Node running. In its own Node process, as in a build.
    const script = `
      import { createIndex } from 'pagefind';
      import { settledOrStalled } from './site/integrations/pagefind.ts';
      const { index } = await createIndex({});
      await index.addHTMLFile({ url: '/posts/one/', content: '<html lang="en"><body><main data-pagefind-body><h1>Quokka</h1></main></body></html>' });
      const written = index.writeFiles({ outputPath: ${JSON.stringify(join(file, 'pagefind'))} }).then((result) => result.errors);
      console.log(JSON.stringify(await settledOrStalled(written)));
    `;

    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], { cwd: repoRoot });

    expect(JSON.parse(stdout)).toEqual(["Pagefind's process stopped before writing the index"]);
  });
});
