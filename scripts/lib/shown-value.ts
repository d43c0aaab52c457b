// C0/C1 controls, line and paragraph separators, zero-width and bidi formatting characters, BOM:
// in a terminal they break a line, hide text or reorder it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * A value the user typed, for an error line of a CLI: quoted, every invisible or line-breaking
 * character (and a lone surrogate) written as an escape, at most `max` characters between the
 * quotes, so the message stays one short line that shows exactly what was given.
 */
export function shownValue(value: string, max = 60): string {
  let shown = '';
  for (const char of value) {
    const escaped = JSON.stringify(char)
      .slice(1, -1)
      .replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (shown.length + escaped.length > max) return `"${shown}…"`;
    shown += escaped;
  }
  return `"${shown}"`;
}
