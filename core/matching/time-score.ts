/**
 * How plausible a link is from timing alone, 0–1. `offsetMs` is measured from the end of the clip's
 * content (negative: the activity came first). Work shown on stream is pushed a few minutes later,
 * so activity from the clip's start to `settleMs` after its end scores 1 and fades to 0 at the edge
 * of the window; activity before the clip fades faster, since the clip cannot have caused it.
 */
export function timeScore(
  offsetMs: number,
  durationMs: number,
  window: { beforeMs: number; afterMs: number; settleMs: number },
): number {
  if (offsetMs >= -durationMs && offsetMs <= window.settleMs) return 1;
  if (offsetMs > window.settleMs) {
    return clamp01(1 - (offsetMs - window.settleMs) / Math.max(1, window.afterMs - window.settleMs));
  }
  const before = -offsetMs - durationMs;
  return 0.8 * clamp01(1 - before / Math.max(1, window.beforeMs));
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
