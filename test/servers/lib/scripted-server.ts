import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CONTROL_PREFIX,
  type RecordedRequest,
  type ScriptedResponse,
  type ScriptRule,
  SESSION_PATTERN,
  type ServerLog,
} from './protocol.ts';

/**
 * A request the server's own fake answers. Return `undefined` for "I do not know this route":
 * the server then records the request as unexpected and answers 599, so a test fails loudly.
 */
export type RouteHandler = (
  request: RecordedRequest,
) => ScriptedResponse | undefined | Promise<ScriptedResponse | undefined>;

interface PendingRule extends ScriptRule {
  remaining: number;
  /** Matching requests still to let through before this rule answers. */
  passes: number;
}

/**
 * A local HTTP server that speaks one documented API for tests. It listens on port 0 (a free port),
 * records every request, answers from scripted responses first (status, headers, body, delay, or a
 * connection reset; each used `times` times, optionally `after` letting some matching requests
 * through) and from its default `handler` otherwise, and treats anything it cannot answer
 * as an unexpected request. Tests in Node use the object; tests in workerd reach the same controls
 * over HTTP at `/__control/*` through `ServerControl` (control-client.ts).
 */
export class ScriptedServer {
  readonly #handler: RouteHandler;
  readonly #name: string;
  #server: Server | undefined;
  readonly #sessions = new Map<string, { rules: PendingRule[]; log: ServerLog }>();
  #sequence = 0;

  constructor(name: string, handler: RouteHandler = () => undefined) {
    this.#name = name;
    this.#handler = handler;
  }

  /** Starts listening on 127.0.0.1 and a free port; resolves to the base URL (no trailing slash). */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.#serve(req, res);
    });
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error(`${this.#name} test server is not listening`);
    return `http://127.0.0.1:${address.port}`;
  }

  /** Adds scripted responses; the first rule that matches a request answers it. */
  script(rules: ScriptRule[], session = ''): void {
    for (const rule of rules) {
      this.#session(session).rules.push({ ...rule, remaining: rule.times ?? 1, passes: rule.after ?? 0 });
    }
  }

  /** Every request so far, in arrival order, and the ones nothing could answer. */
  log(session = ''): ServerLog {
    return structuredClone(this.#session(session).log);
  }

  /** Forgets scripted responses and recorded requests (between tests). */
  reset(session = ''): void {
    this.#sessions.delete(session);
  }

  /** The scripted responses not used up yet, as they were scripted. */
  pending(session = ''): ScriptRule[] {
    return this.#session(session).rules.map(({ remaining: _remaining, passes: _passes, ...rule }) =>
      structuredClone(rule),
    );
  }

  /** Forgets the scripted responses not used yet, keeping the request log (faults off, same session). */
  unscript(session = ''): void {
    this.#session(session).rules.length = 0;
  }

  #session(name: string): { rules: PendingRule[]; log: ServerLog } {
    let session = this.#sessions.get(name);
    if (!session) {
      session = { rules: [], log: { requests: [], unexpected: [] } };
      this.#sessions.set(name, session);
    }
    return session;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    this.#server = undefined;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://test.invalid');
    const scoped = SESSION_PATTERN.exec(url.pathname);
    const sessionName = scoped?.[1] ?? '';
    const path = scoped?.[2] ?? url.pathname;
    if (path.startsWith(CONTROL_PREFIX)) return this.#control(sessionName, path, req.method ?? 'GET', body, res);
    const session = this.#session(sessionName);

    this.#sequence += 1;
    const request: RecordedRequest = {
      seq: this.#sequence,
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      raw_query: url.search.slice(1),
      base_url: sessionName ? `${this.url}/s/${sessionName}` : this.url,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      ),
      body,
      at_ms: Date.now(),
    };
    session.log.requests.push(request);
    try {
      const answer = this.#takeRule(session.rules, request) ?? (await this.#handler(request));
      if (!answer) {
        session.log.unexpected.push(request);
        console.error(`${this.#name} test server: unexpected request`, { method: request.method, path: request.path });
        return send(res, {
          status: 599,
          body: { error: 'unexpected_request', server: this.#name, method: request.method, path: request.path },
        });
      }
      return await send(res, answer);
    } catch (error) {
      session.log.unexpected.push(request);
      return send(res, { status: 599, body: { error: 'test_server_crashed', message: String(error) } });
    }
  }

  #takeRule(rules: PendingRule[], request: RecordedRequest): ScriptedResponse | undefined {
    for (const [index, rule] of rules.entries()) {
      if (!ruleMatches(rule, request)) continue;
      if (rule.passes > 0) {
        rule.passes -= 1;
        continue;
      }
      rule.remaining -= 1;
      if (rule.remaining <= 0) rules.splice(index, 1);
      return rule.response;
    }
    return undefined;
  }

  async #control(session: string, path: string, method: string, body: string, res: ServerResponse): Promise<void> {
    const action = path.slice(CONTROL_PREFIX.length);
    if (method === 'POST' && action === 'script') {
      this.script(JSON.parse(body) as ScriptRule[], session);
      return send(res, { status: 204 });
    }
    if (method === 'POST' && action === 'reset') {
      this.reset(session);
      return send(res, { status: 204 });
    }
    if (method === 'POST' && action === 'unscript') {
      this.unscript(session);
      return send(res, { status: 204 });
    }
    if (method === 'GET' && action === 'log') return send(res, { status: 200, body: this.log(session) });
    if (method === 'GET' && action === 'pending') return send(res, { status: 200, body: this.pending(session) });
    return send(res, { status: 404, body: { error: 'unknown control action', action } });
  }
}

function ruleMatches(rule: ScriptRule, request: RecordedRequest): boolean {
  if (rule.method && rule.method.toUpperCase() !== request.method) return false;
  if (rule.path !== undefined && rule.path !== request.path) return false;
  if (rule.pathPrefix !== undefined && !request.path.startsWith(rule.pathPrefix)) return false;
  if (rule.query) {
    for (const [name, value] of Object.entries(rule.query)) if (request.query[name] !== value) return false;
  }
  return true;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function send(res: ServerResponse, answer: ScriptedResponse): Promise<void> {
  if (answer.delay_ms) await new Promise((resolve) => setTimeout(resolve, answer.delay_ms));
  if (res.destroyed) return;
  if (answer.reset) {
    // No status line, no body: the client sees the connection drop (ECONNRESET).
    res.socket?.resetAndDestroy();
    return;
  }
  const headers: Record<string, string> = { ...answer.headers };
  let payload: Buffer | undefined;
  if (answer.body_base64 !== undefined) {
    payload = Buffer.from(answer.body_base64, 'base64');
  } else if (typeof answer.body === 'string') {
    payload = Buffer.from(answer.body, 'utf8');
  } else if (answer.body !== undefined) {
    payload = Buffer.from(JSON.stringify(answer.body), 'utf8');
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json; charset=utf-8';
  }
  res.writeHead(answer.status ?? 200, headers);
  res.end(payload);
}
