declare global {
  namespace Cloudflare {
    interface Env {
      /** `FC_RUNS` from the shell: the property tests' long form (test/lib/property-runs.ts); empty in CI. */
      FC_RUNS: string;
    }
  }
}

export {};
