/** The token the fake GitHub accepts (test/servers/github-server.ts); tests configure the adapter with it. */
export const GITHUB_TEST_TOKEN = 'fixture-github-token-not-real';
