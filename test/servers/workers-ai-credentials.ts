/** Credentials the fake Workers AI REST API accepts. */
export const WORKERS_AI_TEST_CREDENTIALS = {
  account_id: 'fixture-account',
  api_token: 'fixture-cf-api-token',
} as const;
