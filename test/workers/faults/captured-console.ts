/**
 * Holds the pipeline's log lines instead of printing them: a faulted day logs hundreds, and every
 * printed line travels from workerd to the test runner. A failing seed shows the last ones.
 */
export function captureConsole(): { lines: string[]; restore(): void; tail(count: number): string } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error'] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      lines.push(`${method} ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`);
    };
  }
  return {
    lines,
    restore: () => {
      methods.forEach((method, i) => {
        console[method] = originals[i] as (typeof console)[typeof method];
      });
    },
    tail: (count) => lines.slice(-count).join('\n'),
  };
}
