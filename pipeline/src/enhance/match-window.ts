/** How far around a clip activity is matched; shared by matching and by re-enhancement after late events. */
export const MATCH_BEFORE_MS = 20 * 60_000;
export const MATCH_AFTER_MS = 20 * 60_000;
