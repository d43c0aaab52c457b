import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { pruneExpired } from '../../../store/api/expired-rows.ts';
import { claimIdempotencyKey } from '../../../store/api/idempotency-records.ts';
import { claimNonce } from '../../../store/api/nonces.ts';

const NOW = Date.parse('2026-11-10T02:00:00Z');

async function nonces(): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT nonce FROM request_nonces ORDER BY nonce').all<{ nonce: string }>();
  return results.map((row) => row.nonce);
}

describe('pruneExpired', () => {
  beforeEach(async () => {
    await env.DB.batch([
      env.DB.prepare('DELETE FROM request_nonces'),
      env.DB.prepare('DELETE FROM idempotency_records'),
    ]);
  });

  it('deletes the rows whose expires_ms has passed (its own instant included) and keeps the rest', async () => {
    for (const [nonce, expiresMs] of [
      ['past', NOW - 1],
      ['now', NOW],
      ['future', NOW + 1],
    ] as const) {
      expect(
        await claimNonce(env.DB, { keyId: 'k', nonce, createdMs: NOW - 60_000, expiresMs, nowMs: NOW - 60_000 }),
      ).toBe(true);
    }
    expect(await pruneExpired(env.DB, 'request_nonces', NOW)).toBe(2);
    expect(await nonces()).toEqual(['future']);
  });

  it('deletes at most `limit` rows per call', async () => {
    for (let i = 0; i < 5; i++) {
      await claimNonce(env.DB, { keyId: 'k', nonce: `n${i}`, createdMs: 0, expiresMs: NOW - 1, nowMs: 0 });
    }
    expect(await pruneExpired(env.DB, 'request_nonces', NOW, 3)).toBe(3);
    expect(await nonces()).toHaveLength(2);
    expect(await pruneExpired(env.DB, 'request_nonces', NOW, 3)).toBe(2);
  });

  it('prunes idempotency records by the same rule', async () => {
    const claim = (key: string, retainMs: number) =>
      claimIdempotencyKey(env.DB, {
        keyId: 'k',
        idempotencyKey: key,
        requestHash: 'h',
        claimToken: `t-${key}`,
        nowMs: NOW - 1000,
        lockMs: 500,
        retainMs,
      });
    await claim('expired', 1000);
    await claim('kept', 5000);
    expect(await pruneExpired(env.DB, 'idempotency_records', NOW)).toBe(1);
    const left = await env.DB.prepare('SELECT idempotency_key FROM idempotency_records').all<{
      idempotency_key: string;
    }>();
    expect(left.results.map((row) => row.idempotency_key)).toEqual(['kept']);
  });
});
