import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_BASE } from '../../../core/api/problems.ts';
import { propertyRuns, propertyTimeout } from '../../lib/property-runs.ts';
import { harness, signed, T0 } from '../api/harness.ts';
import { countQueued, expectWellFormedAnswer, storedState } from './api-answers.ts';

/**
 * DESIGN §8: "replays accepted, under concurrent load: 0". Many copies of one signed request (or
 * many fresh signatures sharing one nonce) reach the real handler at once, on real local D1; the
 * nonce claim lets exactly one through and every other is `401 nonce_replayed`. The larger load
 * over HTTP is `npm run bench:replays` (bench/replays.ts).
 */
const AT_ONCE = 50;
// Rounds of 50 requests each: 4 in CI; the long form (FC_RUNS=n) runs n / 100 rounds.
const rounds = Math.max(4, Math.ceil(propertyRuns(4, env.FC_RUNS) / 100));

/** Sends every request at the same time; how many were accepted, and every refusal's problem code. */
async function race(send: (request: Request) => Promise<Response>, requests: Request[]) {
  const responses = await Promise.all(requests.map((request) => send(request)));
  const accepted: Response[] = [];
  const refusals: string[] = [];
  for (const response of responses) {
    const problem = await expectWellFormedAnswer(response.clone());
    if (problem === null) accepted.push(response);
    else {
      expect(problem.type).toBe(`${PROBLEM_TYPE_BASE}nonce_replayed`);
      expect(response.status).toBe(401);
      refusals.push(problem.code);
    }
  }
  return { accepted, refusals };
}

describe('concurrent replays', { timeout: propertyTimeout(rounds * AT_ONCE, 20) }, () => {
  it(`accepts exactly one of ${AT_ONCE} simultaneous copies of a signed request, round after round`, async () => {
    const api = harness();
    const queue = countQueued(api);
    for (let round = 0; round < rounds; round++) {
      const before = await storedState(queue);
      const request =
        round % 2 === 0
          ? await signed({ path: '/api/content/ping', method: 'POST', body: '' })
          : await signed({ path: '/api/content/items?limit=2' });
      const { accepted, refusals } = await race(
        api.send,
        Array.from({ length: AT_ONCE }, () => request.clone()),
      );
      expect(accepted, `round ${round}`).toHaveLength(1);
      expect(refusals).toEqual(Array(AT_ONCE - 1).fill('nonce_replayed'));
      expect((await storedState(queue)).nonces).toBe(before.nonces + 1);
    }
  });

  it('accepts one of many fresh, valid signatures that reuse one nonce, whatever each one covers', async () => {
    const api = harness();
    for (let round = 0; round < rounds; round++) {
      const nonce = `shared-${round}-${crypto.randomUUID()}`;
      // Every request is signed anew, over a different path, query or time, all inside the window.
      const requests = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, i) =>
          signed({
            path: i % 3 === 0 ? '/api/content/ping' : `/api/content/items?limit=${1 + (i % 50)}`,
            created: Math.floor(T0 / 1000) - (i % 250),
            nonce,
          }),
        ),
      );
      const { accepted, refusals } = await race(api.send, requests);
      expect(accepted, `round ${round}`).toHaveLength(1);
      expect(refusals).toHaveLength(AT_ONCE - 1);
    }
  });

  it('creates one job and queues one message for simultaneous copies of a signed async request', async () => {
    const api = harness();
    const queue = countQueued(api);
    for (let round = 0; round < rounds; round++) {
      const before = await storedState(queue);
      const body = JSON.stringify({ date_range: { start: '2026-11-09', end: '2026-11-09' }, mode: 'async' });
      const headers: Record<string, string> =
        round % 2 === 0 ? {} : { 'idempotency-key': `race-${round}-${crypto.randomUUID()}` };
      const request = await signed({ path: '/api/content/generate', body, headers });
      const { accepted } = await race(
        api.send,
        Array.from({ length: AT_ONCE }, () => request.clone()),
      );
      expect(accepted.map((response) => response.status)).toEqual([202]);
      const after = await storedState(queue);
      expect(after.jobs - before.jobs).toBe(1);
      expect(after.queued - before.queued).toBe(1);
      expect(after.nonces - before.nonces).toBe(1);
    }
  });
});
