import { CONTROL_PREFIX, type RecordedRequest, type ScriptRule, type ServerLog } from './protocol.ts';

/**
 * Drives a scripted test server over HTTP, so tests running in workerd can script responses and
 * read what the code under test sent. Uses only `fetch`: it runs in Node and in workerd alike.
 */
export class ServerControl {
  /** The base URL to configure the code under test with: this session's view of the server. */
  readonly url: string;

  /**
   * With a `session` (e.g. `crypto.randomUUID()`), this test file's scripts and request log are its
   * own even while other files use the same server in parallel; configure the code under test with
   * `url`. Without one, the control is server-wide.
   */
  constructor(serverUrl: string, session?: string) {
    const base = serverUrl.replace(/\/$/, '');
    this.url = session === undefined ? base : `${base}/s/${session}`;
  }

  async script(...rules: ScriptRule[]): Promise<void> {
    await this.#call('POST', 'script', rules);
  }

  async reset(): Promise<void> {
    await this.#call('POST', 'reset');
  }

  /** The scripted responses not used up yet. */
  async pending(): Promise<ScriptRule[]> {
    const response = await this.#call('GET', 'pending');
    return (await response.json()) as ScriptRule[];
  }

  /** Drops the scripted responses not used yet; the request log (and a fake's own state) stays. */
  async unscript(): Promise<void> {
    await this.#call('POST', 'unscript');
  }

  async log(): Promise<ServerLog> {
    const response = await this.#call('GET', 'log');
    return (await response.json()) as ServerLog;
  }

  /** Recorded requests, optionally only those whose path starts with `pathPrefix`. */
  async requests(pathPrefix = '/'): Promise<RecordedRequest[]> {
    return (await this.log()).requests.filter((request) => request.path.startsWith(pathPrefix));
  }

  /** Throws, naming them, when the server saw requests it could not answer. */
  async assertNoUnexpected(): Promise<void> {
    const { unexpected } = await this.log();
    if (unexpected.length > 0) {
      const list = unexpected.map((request) => `${request.method} ${request.path}`).join(', ');
      throw new Error(`unexpected outbound requests to ${this.url}: ${list}`);
    }
  }

  /** A test file's last word: throws on requests the server could not answer, then clears the session. */
  async finish(): Promise<void> {
    await this.assertNoUnexpected();
    await this.reset();
  }

  async #call(method: string, action: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.url}${CONTROL_PREFIX}${action}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`test server control ${action} failed with ${response.status}`);
    return response;
  }
}
