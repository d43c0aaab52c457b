/** The value with every object's keys in code-point order (arrays keep their order: it can mean something). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

const LINE_WIDTH = 120;

/**
 * Deterministic JSON for committed, generated files: keys sorted, 2-space indent, a trailing
 * newline, and laid out the way the project's formatter (Biome, width 120) lays out JSON, so
 * `biome check` and `generate-schemas --check` never disagree. Objects are always expanded; an
 * array without objects stays on one line when it fits.
 */
export function stableJson(value: unknown): string {
  return `${print(sortKeys(value), '', '')}\n`;
}

function print(value: unknown, indent: string, prefix: string, suffix = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = value.every((entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry))
      ? inline(value)
      : undefined;
    if (flat !== undefined && indent.length + prefix.length + flat.length + suffix.length <= LINE_WIDTH) return flat;
    const inner = `${indent}  `;
    const lines = value.map((entry, i) => `${inner}${print(entry, inner, '', i < value.length - 1 ? ',' : '')}`);
    return `[\n${lines.join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = entries.map(([key, entry], i) => {
      const head = `${JSON.stringify(key)}: `;
      return `${inner}${head}${print(entry, inner, head, i < entries.length - 1 ? ',' : '')}`;
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** One-line form of an array that holds no objects, or undefined when a nested entry is an object. */
function inline(value: readonly unknown[]): string | undefined {
  const parts: string[] = [];
  for (const entry of value) {
    if (Array.isArray(entry)) {
      const nested = entry.length === 0 ? '[]' : inline(entry);
      if (nested === undefined) return undefined;
      parts.push(nested);
    } else if (typeof entry === 'object' && entry !== null) {
      return undefined;
    } else {
      parts.push(JSON.stringify(entry) ?? 'null');
    }
  }
  return `[${parts.join(', ')}]`;
}
