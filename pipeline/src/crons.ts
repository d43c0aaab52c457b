/**
 * The pipeline Worker's cron expressions (UTC), as `pipeline/wrangler.toml` declares them. Kept
 * apart from `schedule.ts` so Node code (the workflow tests) can read them without Workers types.
 * The daily cron closes the previous local day; the hourly one sweeps today.
 */
export const DAILY_CRON = '30 9 * * *';
