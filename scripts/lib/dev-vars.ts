import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Reads a `.dev.vars` file (dotenv syntax: `KEY=value`, `KEY="value"`, `# comments`). */
export function readDevVars(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    let value = match[2] ?? '';
    // As dotenv (wrangler's reader) does: quotes are stripped, and only double quotes expand \n and \r.
    const quoted = /^(['"`])(.*)\1$/.exec(value);
    if (quoted)
      value = quoted[1] === '"' ? (quoted[2] ?? '').replace(/\\n/g, '\n').replace(/\\r/g, '\r') : (quoted[2] ?? '');
    vars[match[1]] = value;
  }
  return vars;
}

/** Adds `KEY=value` to a `.dev.vars` file, keeping what is already there. */
export function appendDevVar(path: string, key: string, value: string): void {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  writeFileSync(path, `${before}${separator}${dotenvLine(key, value)}`, { mode: 0o600 });
}

/**
 * One `KEY=value` line that dotenv, the reader wrangler uses, reads back as exactly `value`. dotenv
 * has no escapes inside quotes (double quotes only turn `\n`, `\r` into line breaks), so the value is
 * wrapped in a quote character it does not contain.
 */
export function dotenvLine(key: string, value: string): string {
  if (!/[\r\n]/.test(value)) {
    for (const quote of ["'", '`', '"']) {
      if (value.includes(quote) || (quote === '"' && /\\[nr]/.test(value))) continue;
      return `${key}=${quote}${value}${quote}\n`;
    }
  }
  throw new Error(`${key} cannot be written to .dev.vars: it holds a line break or all three quote characters`);
}
