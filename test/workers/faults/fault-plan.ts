/**
 * The seeded fault plan: which failures hit which calls of one sample day, and how the queue
 * misdelivers. Pure data from a seed (no I/O), so a failing seed can be replayed exactly and
 * printed in the failure message. fault-scripts.ts turns a plan into the fakes' scripts.
 */
import { mulberry32 } from '../../lib/mulberry32.ts';

export type Service = 'twitch' | 'workers_ai' | 'github' | 'discord';

/**
 * - `server_error`: a 5xx;
 * - `rate_limited`: a 429 with the service's reset headers, asking for a wait the adapter takes;
 * - `rate_limited_long`: a 429 whose reset is further off than the adapter waits (a retryable
 *   failure the queue retries later);
 * - `timeout`: the answer comes after `HTTP_TIMEOUT_MS`;
 * - `connection_reset`: the connection drops without an answer;
 * - `expired_token`: 401 for an expired app token (Twitch: the pipeline mints its own);
 * - `after_write_502`: the write happened (PR, commit, tree, ref, labels, Discord message), then 502;
 * - `after_write_timeout`: the write happened, then no answer within the deadline.
 */
export type FaultKind =
  | 'server_error'
  | 'rate_limited'
  | 'rate_limited_long'
  | 'timeout'
  | 'connection_reset'
  | 'expired_token'
  | 'after_write_502'
  | 'after_write_timeout';

export const FAULT_KINDS: readonly FaultKind[] = [
  'server_error',
  'rate_limited',
  'rate_limited_long',
  'timeout',
  'connection_reset',
  'expired_token',
  'after_write_502',
  'after_write_timeout',
];

const TRANSPORT: readonly FaultKind[] = ['server_error', 'timeout', 'connection_reset'];
const LIMITED: readonly FaultKind[] = [...TRANSPORT, 'rate_limited', 'rate_limited_long'];
const GITHUB_WRITE: readonly FaultKind[] = [...TRANSPORT, 'after_write_502', 'after_write_timeout'];

/** A call the day makes that a fault can hit, and the faults that make sense for it. */
export interface FaultTarget {
  service: Service;
  /** A name fault-scripts.ts maps to a method and path. */
  target: string;
  kinds: readonly FaultKind[];
  /** How many calls of this target a day makes at most before the one hit (a fault may hit a later call). */
  maxAfter: number;
}

/**
 * Every call of a day's chain (ingest_day → process_item → publish_post) that a fault can hit.
 * 401s are injected only where the pipeline holds a token that can expire and be minted again
 * (Twitch's app token); a 401 from GitHub, Discord or Workers AI means a wrong secret, which the
 * pipeline dead-letters on purpose (configuration_error), so it is not a transient fault.
 */
export const FAULT_TARGETS: readonly FaultTarget[] = [
  { service: 'twitch', target: 'token', kinds: TRANSPORT, maxAfter: 0 },
  { service: 'twitch', target: 'clips', kinds: [...LIMITED, 'expired_token'], maxAfter: 1 },
  { service: 'twitch', target: 'videos', kinds: [...LIMITED, 'expired_token'], maxAfter: 0 },
  { service: 'twitch', target: 'audio', kinds: [...TRANSPORT, 'rate_limited'], maxAfter: 4 },
  { service: 'workers_ai', target: 'whisper', kinds: [...TRANSPORT, 'rate_limited'], maxAfter: 4 },
  { service: 'workers_ai', target: 'text', kinds: [...TRANSPORT, 'rate_limited'], maxAfter: 1 },
  { service: 'github', target: 'events', kinds: LIMITED, maxAfter: 1 },
  { service: 'github', target: 'list_pulls', kinds: LIMITED, maxAfter: 1 },
  { service: 'github', target: 'get_ref', kinds: LIMITED, maxAfter: 1 },
  { service: 'github', target: 'create_tree', kinds: GITHUB_WRITE, maxAfter: 0 },
  { service: 'github', target: 'create_commit', kinds: GITHUB_WRITE, maxAfter: 0 },
  { service: 'github', target: 'create_ref', kinds: GITHUB_WRITE, maxAfter: 0 },
  { service: 'github', target: 'create_pull', kinds: GITHUB_WRITE, maxAfter: 0 },
  { service: 'github', target: 'add_labels', kinds: GITHUB_WRITE, maxAfter: 0 },
  { service: 'discord', target: 'execute', kinds: [...LIMITED, 'after_write_502'], maxAfter: 0 },
];

export interface HttpFault {
  service: Service;
  target: string;
  kind: FaultKind;
  /** Matching calls let through before this one is hit. */
  after: number;
}

/** How the queue misbehaves: each is a chance per delivery (or per batch, for a stop). */
export interface QueueFaults {
  /** A delivered message is delivered once more later (at-least-once). */
  duplicate: number;
  /** The waiting messages are shuffled before a batch is taken. */
  reorder: number;
  /** The Worker stops part-way through a batch; the whole batch is delivered again. */
  stopMidBatch: number;
  /** Two batches run at once, as two consumer invocations (a duplicate may run beside its original). */
  concurrent: number;
}

export interface FaultPlan {
  seed: number;
  /** The sample stream day (America/Mexico_City) the seed runs. */
  day: string;
  http: HttpFault[];
  queue: QueueFaults;
  /** Seeds the driver's own choices (which message is duplicated, where a batch stops). */
  queueSeed: number;
}

/** The fixture world's three stream days (test/fixtures/manifest.json); 2026-11-09 crosses midnight UTC. */
export const SAMPLE_DAYS = ['2026-11-03', '2026-11-05', '2026-11-09'] as const;

export const QUEUE_FAULTS = ['duplicate', 'reorder', 'stopMidBatch', 'concurrent'] as const;

/**
 * The plan for one seed. Every seed gets two to four HTTP faults on random calls, one of them of the
 * kind `FAULT_KINDS[seed % 8]` and one queue fault always on (`seed % 4`), so any eight consecutive
 * seeds cover every fault kind and every queue fault.
 */
export function faultPlan(seed: number): FaultPlan {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const day = pick(SAMPLE_DAYS);

  const http: HttpFault[] = [];
  const forced = FAULT_KINDS[seed % FAULT_KINDS.length] as FaultKind;
  const hit = (target: FaultTarget, kind: FaultKind) =>
    http.push({
      service: target.service,
      target: target.target,
      kind,
      after: Math.floor(random() * (target.maxAfter + 1)),
    });
  hit(pick(FAULT_TARGETS.filter((target) => target.kinds.includes(forced))), forced);
  const extra = 1 + Math.floor(random() * 3);
  for (let i = 0; i < extra; i++) {
    const target = pick(FAULT_TARGETS);
    hit(target, pick(target.kinds));
  }

  const always = QUEUE_FAULTS[seed % QUEUE_FAULTS.length];
  const chance = (name: (typeof QUEUE_FAULTS)[number], high: number) =>
    name === always ? high : random() < 0.5 ? high / 2 : 0;
  return {
    seed,
    day,
    http,
    queue: {
      duplicate: chance('duplicate', 0.2),
      reorder: chance('reorder', 0.6),
      stopMidBatch: chance('stopMidBatch', 0.2),
      concurrent: chance('concurrent', 0.5),
    },
    queueSeed: Math.floor(random() * 2 ** 32),
  };
}

/** One line per fault, for a failure message that says how to replay the seed. */
export function describePlan(plan: FaultPlan): string {
  const faults = plan.http.map((f) => `${f.service}.${f.target}${f.after ? `#${f.after + 1}` : ''}: ${f.kind}`);
  const queue = Object.entries(plan.queue)
    .filter(([, chance]) => chance > 0)
    .map(([name, chance]) => `${name} ${chance}`);
  return `seed ${plan.seed}, day ${plan.day}; http: ${faults.join(', ')}; queue: ${queue.join(', ') || 'none'}`;
}
