import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Measured {
  code: number | null;
  /** Wall time, milliseconds. */
  wallMs: number;
  /** Highest sum of resident memory over the process and all its descendants, bytes. */
  peakRssBytes: number;
  /** Highest resident memory of any one process of the tree (what `/usr/bin/time -v` reports), bytes. */
  peakProcessRssBytes: number;
  output: string;
}

/**
 * Runs a command and measures its wall time and the peak RSS of its whole process tree (Astro may
 * start workerd or worker threads; a child's memory counts), sampled from /proc every 50 ms.
 */
export function measure(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let peak = 0;
    let peakProcess = 0;
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const sample = () => {
      if (child.pid === undefined) return;
      const { total, largest } = treeRss(child.pid);
      peak = Math.max(peak, total);
      peakProcess = Math.max(peakProcess, largest);
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        code,
        wallMs: performance.now() - started,
        peakRssBytes: peak,
        peakProcessRssBytes: peakProcess,
        output,
      });
    });
  });
}

function treeRss(root: number): { total: number; largest: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const pid = Number(entry);
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(pid, Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024);
      const siblings = children.get(ppid);
      if (siblings) siblings.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  let total = 0;
  let largest = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0;
    const own = rss.get(pid) ?? 0;
    total += own;
    largest = Math.max(largest, own);
    stack.push(...(children.get(pid) ?? []));
  }
  return { total, largest };
}
