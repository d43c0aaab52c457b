/** Written into every post's `generated_by` and part of every fingerprint: a new generator rewrites open PRs. */
export const PIPELINE_VERSION = '0.2.0';
