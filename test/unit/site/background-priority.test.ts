import { type ChildProcess, spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { lowerChildPriority } from '../../../site/integrations/background-priority.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** Starts a child that waits (sleep 30; cat on an open pipe) and returns its pid. */
function start(command: 'sleep' | 'cat'): number {
  const child = spawn(command, command === 'sleep' ? ['30'] : [], { stdio: command === 'cat' ? 'pipe' : 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return child.pid;
}

describe('lowerChildPriority', () => {
  it("lowers only this process's children with the given command name", async () => {
    const sleeper = start('sleep');
    const other = start('cat');
    // Let both exec their programs, so /proc shows the command names.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(getPriority(sleeper)).toBe(getPriority(process.pid));
    expect(lowerChildPriority('sleep')).toBe(1);
    expect(getPriority(sleeper)).toBe(19);
    expect(getPriority(other)).toBe(getPriority(process.pid));
    expect(getPriority(process.pid)).not.toBe(19);
  });

  it('finds nothing to lower when no child has that name', () => {
    expect(lowerChildPriority('pagefind')).toBe(0);
  });
});
