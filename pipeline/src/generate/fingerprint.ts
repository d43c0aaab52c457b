import type { PostFacts } from '../../../core/posts/facts.ts';
import { PIPELINE_VERSION } from '../../../core/posts/version.ts';
import { sha256Hex } from '../../../store/web-crypto.ts';

/**
 * sha-256 of everything a post is built from: generator version, type, period, zone, topic, site
 * and the featured items as stored (minus `updated_at`, which moves without the item changing).
 * Equal inputs give an equal fingerprint, so a re-run finds the open PR already up to date and
 * writes nothing; a changed item, a late commit or a new generator changes it.
 */
export async function postFingerprint(facts: PostFacts): Promise<string> {
  const input = canonicalJson({
    generator: PIPELINE_VERSION,
    content_type: facts.content_type,
    period: facts.period,
    timezone: facts.timezone,
    topic: facts.topic ?? null,
    site_url: facts.site_url,
    items: facts.featured.map(({ updated_at: _updated, ...item }) => item),
  });
  return sha256Hex(input);
}

/** JSON with object keys sorted at every level, so key order never changes the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
