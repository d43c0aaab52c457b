/**
 * The wire shapes shared by the scripted test server (Node) and its control client (Node or
 * workerd). Plain JSON so the same scripts travel over HTTP into workerd tests.
 */

/** Where the control endpoints live on every scripted server; real APIs never use this prefix. */
export const CONTROL_PREFIX = '/__control/';

/**
 * Test files run in parallel against one server, so each gets a session: a base URL
 * `<server>/s/<session>` whose scripts and request log are its own. The prefix is stripped before
 * matching, so the code under test sees the API's real paths.
 */
export const SESSION_PATTERN = /^\/s\/([A-Za-z0-9_-]{1,64})(\/.*)$/;

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Binary bodies (audio) travel as base64 inside the JSON script. */
  body_base64?: string;
  /** Waits this long before answering: for timeout tests. */
  delay_ms?: number;
  /** Destroys the connection instead of answering (after `delay_ms`): a connection reset. */
  reset?: boolean;
}

export interface ScriptRule {
  method?: string;
  /** Exact path, e.g. `/helix/clips`. */
  path?: string;
  pathPrefix?: string;
  /** Query parameters that must all be present with these values. */
  query?: Record<string, string>;
  /** How many matching requests this rule answers before it is used up (default 1). */
  times?: number;
  /** How many matching requests this rule lets through (to later rules or the fake) before it answers (default 0). */
  after?: number;
  /** Names the rule in the `pending` control's answer, so a test can tell which rules were used. */
  label?: string;
  response: ScriptedResponse;
}

export interface RecordedRequest {
  /** Arrival order on this server, from 1. */
  seq: number;
  method: string;
  path: string;
  /** The first value of each query parameter; `raw_query` keeps repeats such as `id=a&id=b`. */
  query: Record<string, string>;
  raw_query: string;
  /** The base URL this request came in under (server + session), for answers that link back. */
  base_url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
  at_ms: number;
}

export interface ServerLog {
  requests: RecordedRequest[];
  /** Requests no script and no default route could answer; a test expects this to stay empty. */
  unexpected: RecordedRequest[];
}
