// Workers binding types for the site's own type check (root tsconfig, DOM lib). The generated
// site/worker-configuration.d.ts also carries runtime types that clash with the DOM lib, so only
// the binding types are borrowed here, from the importable flavour of @cloudflare/workers-types.
// Under the pipeline/workers tsconfig these names come from the generated file instead.
type D1Database = import('@cloudflare/workers-types/index.ts').D1Database;
type D1PreparedStatement = import('@cloudflare/workers-types/index.ts').D1PreparedStatement;
type Queue<Body = unknown> = import('@cloudflare/workers-types/index.ts').Queue<Body>;

declare module 'cloudflare:workers' {
  /** The site Worker's bindings that the content API reads (see wrangler.toml). */
  export const env: {
    DB: D1Database;
    PIPELINE_QUEUE: Queue;
    CONTENT_API_KEYS: string;
    STREAM_TIMEZONE: string;
    AUTH_FAILURE_LIMITER: import('./deps.ts').RateLimiter;
  };
}
