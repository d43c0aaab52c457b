import { env } from 'cloudflare:test';
import {
  branchFor,
  fingerprintMarker,
  fingerprintTrailer,
  type PostBundle,
  subjectKeyFor,
} from '../../../core/publishing/bundle.ts';
import type { GitHubWriteAuth } from '../../../pipeline/src/config.ts';
import { GitHubPublisher, type GitHubPublisherOptions } from '../../../pipeline/src/publish/github-publisher.ts';
import { sha256Hex } from '../../../store/web-crypto.ts';
import { GITHUB_TEST_TOKEN } from '../../servers/github-credentials.ts';
import { CONTENT_OWNER, CONTENT_REPO, type RepoState } from '../../servers/github-repo-protocol.ts';
import type { RecordedRequest, ScriptRule } from '../../servers/lib/protocol.ts';
import { recordingLog, testClock } from '../helpers/deps.ts';

export const OWNER = CONTENT_OWNER;
export const REPO = CONTENT_REPO;
export const PERIOD = { start: '2026-11-09', end: '2026-11-09' };
export const BRANCH = branchFor('daily_recap', PERIOD);

/** sha-256 hex of a seed: a fingerprint as the generator makes them. */
export async function fingerprintOf(seed: string): Promise<string> {
  return sha256Hex(seed);
}

/** A daily-recap bundle with `files` files (the post and N-1 items), shaped as generate-post.ts builds it. */
export async function bundleOf(
  options: { seed?: string; files?: number; draft?: boolean; labels?: string[]; bodyLength?: number } = {},
): Promise<PostBundle> {
  const seed = options.seed ?? 'first';
  const fingerprint = await fingerprintOf(seed);
  const count = options.files ?? 2;
  const files = Array.from({ length: count }, (_, index) =>
    index === 0
      ? { path: 'content/posts/2026/daily-recap-2026-11-09.md', content: `---\ntitle: Recap (${seed})\n---\n\nBody.\n` }
      : {
          path: `content/items/clip-${String(index).padStart(3, '0')}.json`,
          content: `{"seed":"${seed}","n":${index}}\n`,
        },
  );
  let body = `## Daily recap 2026-11-09\n\nJudge: pass (${seed}).\n\n${fingerprintMarker(fingerprint)}\n`;
  if (options.bodyLength !== undefined) {
    const marker = `\n${fingerprintMarker(fingerprint)}\n`;
    body = `${'x'.repeat(options.bodyLength - marker.length)}${marker}`;
  }
  return {
    content_type: 'daily_recap',
    period: PERIOD,
    subject_key: subjectKeyFor('daily_recap', PERIOD),
    branch: BRANCH,
    title: `Daily recap 2026-11-09: ${seed}`,
    body,
    commit_message: `Daily recap 2026-11-09\n\n${count} file(s), judge: pass.\n\n${fingerprintTrailer(fingerprint)}\n`,
    files,
    fingerprint,
    draft: options.draft ?? false,
    labels: options.labels ?? ['streamlog'],
  };
}

/**
 * A fresh repository on the fake GitHub for one test: its own base path, so its model, scripts and
 * request log are its own.
 */
export class TestRepo {
  readonly prefix: string;
  readonly baseUrl: string;
  /** Path prefix of the content repository's API under this base. */
  readonly api: string;
  readonly clock = testClock('2026-11-10T09:30:00Z');
  readonly log = recordingLog();

  constructor(prefix = `/t/publisher-${crypto.randomUUID().slice(0, 8)}`) {
    this.prefix = prefix;
    this.baseUrl = `${env.GITHUB_TEST_SERVER}${prefix}`;
    this.api = `${prefix}/repos/${OWNER}/${REPO}`;
  }

  publisher(overrides: Partial<GitHubPublisherOptions> & { auth?: GitHubWriteAuth } = {}): GitHubPublisher {
    const { auth, ...rest } = overrides;
    return new GitHubPublisher({
      settings: {
        apiBaseUrl: this.baseUrl,
        owner: OWNER,
        repo: REPO,
        baseBranch: 'main',
        auth: auth ?? { kind: 'token', token: GITHUB_TEST_TOKEN },
      },
      fetch: (input, init) => fetch(input, init),
      clock: this.clock,
      log: this.log,
      timeoutMs: 10_000,
      ...rest,
    });
  }

  async state(): Promise<RepoState> {
    const response = await fetch(`${this.baseUrl}/__github/state`);
    return (await response.json()) as RepoState;
  }

  /** A model control (`fault`, `push`, `close`, `merge`, `delete-branch`, `settings`, `app`). */
  async control(action: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/__github/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`control ${action} answered ${response.status}`);
    return response.status === 204 ? null : response.json();
  }

  /** Scripted answers that win over the model (the write is then not applied), for paths under this repo. */
  async script(...rules: (Omit<ScriptRule, 'path'> & { path: string })[]): Promise<void> {
    const response = await fetch(`${env.GITHUB_TEST_SERVER}/__control/script`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rules.map((rule) => ({ ...rule, path: `${this.api}${rule.path}` }))),
    });
    if (!response.ok) throw new Error(`script answered ${response.status}`);
  }

  /** The API requests this test made (controls left out), in order. */
  async requests(): Promise<RecordedRequest[]> {
    const response = await fetch(`${env.GITHUB_TEST_SERVER}/__control/log`);
    const log = (await response.json()) as { requests: RecordedRequest[]; unexpected: RecordedRequest[] };
    if (log.unexpected.some((request) => request.path.startsWith(`${this.prefix}/`))) {
      throw new Error(`unexpected requests: ${log.unexpected.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    }
    return log.requests.filter(
      (request) => request.path.startsWith(`${this.prefix}/`) && !request.path.startsWith(`${this.prefix}/__github/`),
    );
  }

  /** Write requests to the repository (anything but GET) as `METHOD /path-after-the-repo`, ref paths decoded. */
  async writes(): Promise<string[]> {
    return (await this.requests())
      .filter((request) => request.method !== 'GET' && request.path.startsWith(`${this.api}/`))
      .map((request) => `${request.method} ${decodeURIComponent(request.path.replace(this.api, ''))}`);
  }
}

/** The path of a ref as octokit sends it (`{ref}` is one URL-encoded segment). */
export function refPath(kind: 'ref' | 'refs', branch: string): string {
  return `/git/${kind}/${encodeURIComponent(`heads/${branch}`)}`;
}

export async function rsaKeyPair(): Promise<{ privatePkcs8Pem: string; privatePkcs1Pem: string; publicPem: string }> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey('pkcs8', pair.privateKey)) as ArrayBuffer);
  const spki = new Uint8Array((await crypto.subtle.exportKey('spki', pair.publicKey)) as ArrayBuffer);
  return {
    privatePkcs8Pem: pem('PRIVATE KEY', pkcs8),
    privatePkcs1Pem: pem('RSA PRIVATE KEY', pkcs1Of(pkcs8)),
    publicPem: pem('PUBLIC KEY', spki),
  };
}

function pem(label: string, der: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END ${label}-----\n`;
}

/** The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo (the OCTET STRING after version and algorithm). */
function pkcs1Of(pkcs8: Uint8Array): Uint8Array {
  const header = (offset: number): { tag: number; start: number; length: number } => {
    const tag = pkcs8[offset] ?? 0;
    const first = pkcs8[offset + 1] ?? 0;
    if (first < 0x80) return { tag, start: offset + 2, length: first };
    const size = first & 0x7f;
    let length = 0;
    for (let index = 0; index < size; index += 1) length = length * 256 + (pkcs8[offset + 2 + index] ?? 0);
    return { tag, start: offset + 2 + size, length };
  };
  const outer = header(0);
  const version = header(outer.start);
  const algorithm = header(version.start + version.length);
  const key = header(algorithm.start + algorithm.length);
  if (outer.tag !== 0x30 || version.tag !== 0x02 || algorithm.tag !== 0x30 || key.tag !== 0x04) {
    throw new Error('not a PKCS#8 RSA key');
  }
  return pkcs8.slice(key.start, key.start + key.length);
}
