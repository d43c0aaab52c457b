import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Reads a `.dev.vars` file (dotenv syntax: `KEY=value`, `KEY="value"`, `# comments`). */
export function readDevVars(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    let value = match[2] ?? '';
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted)
      value = quoted[1] === '"' ? (quoted[2] ?? '').replace(/\\n/g, '\n').replace(/\\"/g, '"') : (quoted[2] ?? '');
    vars[match[1]] = value;
  }
  return vars;
}

/** Adds `KEY=value` to a `.dev.vars` file, keeping what is already there. */
export function appendDevVar(path: string, key: string, value: string): void {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  writeFileSync(path, `${before}${separator}${key}=${JSON.stringify(value)}\n`, { mode: 0o600 });
}
