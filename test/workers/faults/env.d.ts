declare global {
  namespace Cloudflare {
    interface Env {
      /** `FAULT_SEEDS` from the shell: how many seeds the fault-injection suite runs (docs/faults.md); empty in CI. */
      FAULT_SEEDS: string;
      /** `FAULT_SEED_FROM` from the shell: the first seed; empty means 1. */
      FAULT_SEED_FROM: string;
    }
  }
}

export {};
