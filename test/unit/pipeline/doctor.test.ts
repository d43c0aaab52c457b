import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configFindings,
  diagnoseVars,
  exitCodeOf,
  type Finding,
  reachFindings,
  runDoctor,
} from '../../../pipeline/cli/doctor.ts';
import { parsePipelineSettings } from '../../../pipeline/src/config.ts';
import { DISCORD_TEST_WEBHOOK, discordWebhookUrl } from '../../servers/discord-credentials.ts';
import { type LocalServices, localServiceVars, startLocalServices } from '../../servers/local-services.ts';

const byArea = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.area, f]));

describe('doctor: configuration findings', () => {
  it('says which offline default each area uses, and exits 0', () => {
    const { findings } = diagnoseVars({});
    const areas = byArea(findings);
    expect(Object.keys(areas)).toEqual([
      'Twitch',
      'transcription',
      'GitHub activity',
      'publishing',
      'Discord',
      'time zone',
      'site URL',
      'AI budget',
    ]);
    expect(areas.Twitch).toMatchObject({ status: 'default', fix: expect.stringContaining('TWITCH_CLIENT_ID') });
    expect(areas.publishing?.fix).toContain(
      'set CONTENT_REPO (owner/name) and GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID, or GITHUB_TOKEN',
    );
    expect(areas['time zone']?.fix).toContain('STREAM_TIMEZONE');
    expect(exitCodeOf(findings)).toBe(0);
  });

  it('names the missing REST credentials for Workers AI in the CLI', () => {
    const vars = {
      AI_PROVIDER: 'workers-ai',
      AUDIO_SERVICE_URL: 'https://audio.example',
      CLOUDFLARE_ACCOUNT_ID: 'abc',
      STREAM_TIMEZONE: 'America/Mexico_City',
    };
    const findings = configFindings(parsePipelineSettings(vars), vars);
    expect(byArea(findings).transcription).toMatchObject({
      status: 'missing',
      fix: expect.stringContaining('CLOUDFLARE_API_TOKEN'),
    });
    expect(byArea(findings)['time zone']).toMatchObject({ status: 'ok', detail: expect.stringContaining('Mexico') });
    expect(exitCodeOf(findings)).toBe(1);
  });

  it('flags a zero AI budget, a non-PEM App key and a missing TRANSCRIPTS_DIR as broken', () => {
    const vars = {
      AI_PROVIDER: 'workers-ai',
      AUDIO_SERVICE_URL: 'https://audio.example',
      CLOUDFLARE_ACCOUNT_ID: 'abc',
      CLOUDFLARE_API_TOKEN: 'tok',
      AI_DAILY_BUDGET: '0',
      CONTENT_REPO: 'codewithmara/streamlog-blog',
      GITHUB_APP_ID: '1',
      GITHUB_APP_PRIVATE_KEY: 'not a key',
      GITHUB_APP_INSTALLATION_ID: '2',
    };
    const areas = byArea(configFindings(parsePipelineSettings(vars), vars));
    expect(areas['AI budget']?.status).toBe('broken');
    expect(areas.publishing).toMatchObject({
      status: 'broken',
      fix: expect.stringContaining('GITHUB_APP_PRIVATE_KEY'),
    });
    const offline = { TRANSCRIPTS_DIR: '/nowhere' };
    const transcription = byArea(
      configFindings(parsePipelineSettings(offline), offline, { transcriptsDirExists: () => false }),
    ).transcription;
    expect(transcription).toMatchObject({ status: 'broken', detail: expect.stringContaining('/nowhere') });
  });

  it('reports a configuration run would refuse as one broken finding with its line', () => {
    const { settings, findings } = diagnoseVars({ TWITCH_CLIENT_ID: 'x' });
    expect(settings).toBeNull();
    expect(findings).toEqual([
      expect.objectContaining({ status: 'broken', detail: expect.stringContaining('TWITCH_CLIENT_SECRET') }),
    ]);
    expect(exitCodeOf(findings)).toBe(1);
  });

  it('prints no secret', () => {
    const vars = {
      TWITCH_CLIENT_ID: 'id',
      TWITCH_CLIENT_SECRET: 'twitch-secret-value',
      TWITCH_BROADCASTER_ID: '1',
      GITHUB_TOKEN: 'gh-secret-value',
      GITHUB_USERNAME: 'mara',
      CONTENT_REPO: 'a/b',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/discord-secret-value',
    };
    const text = JSON.stringify(diagnoseVars(vars).findings);
    expect(text).not.toMatch(/secret-value/);
  });
});

describe('doctor --reach against the local fake services', () => {
  let services: LocalServices;
  let urls: LocalServices['urls'];
  beforeAll(async () => {
    services = await startLocalServices();
    urls = services.urls;
  });
  afterAll(() => services.stop());

  const vars = (overrides: Record<string, string> = {}) => ({
    ...localServiceVars(urls),
    STREAM_TIMEZONE: 'America/Mexico_City',
    SITE_URL: 'https://blog.example',
    ...overrides,
  });
  const fetcher = (input: string, init?: RequestInit) => fetch(input, init);

  it('reaches every configured service with one read-only request each and exits 0', async () => {
    const report = await runDoctor(vars(), { reach: true, fetch: fetcher });
    expect(report.reach?.map((f) => [f.area, f.status])).toEqual([
      ['Twitch', 'ok'],
      ['Workers AI', 'ok'],
      ['GitHub publishing', 'ok'],
      ['GitHub activity', 'ok'],
      ['Discord', 'ok'],
    ]);
    expect(report.exit_code).toBe(0);
    expect(byArea(report.reach ?? []).Discord?.detail).toContain(`channel ${DISCORD_TEST_WEBHOOK.channel_id}`);
    expect(JSON.stringify(report)).not.toContain(DISCORD_TEST_WEBHOOK.token);
    // Nothing was sent to Discord.
    const messages = await (await fetch(`${urls.discord}/__discord/messages`)).json();
    expect(messages).toEqual({ messages: [] });
  });

  it('says what a 401 or 404 means, and exits 1', async () => {
    const settings = parsePipelineSettings(
      vars({
        TWITCH_CLIENT_SECRET: 'wrong',
        CLOUDFLARE_API_TOKEN: 'wrong',
        CONTENT_REPO: 'codewithmara/no-such-repo',
        GITHUB_USERNAME: 'nobody-here',
        DISCORD_WEBHOOK_URL: discordWebhookUrl(urls.discord, '1311423390455087999'),
      }),
    );
    const areas = byArea(await reachFindings(settings, { fetch: fetcher }));
    expect(areas.Twitch).toMatchObject({ status: 'broken', fix: expect.stringContaining('TWITCH_CLIENT_SECRET') });
    expect(areas['Workers AI']).toMatchObject({
      status: 'broken',
      fix: expect.stringContaining('CLOUDFLARE_API_TOKEN'),
    });
    expect(areas['GitHub publishing']).toMatchObject({
      status: 'broken',
      fix: expect.stringContaining('CONTENT_REPO'),
    });
    expect(areas['GitHub activity']).toMatchObject({
      status: 'broken',
      fix: expect.stringContaining('GITHUB_USERNAME'),
    });
    expect(areas.Discord).toMatchObject({ status: 'broken', fix: expect.stringContaining('deleted') });
    expect(exitCodeOf(Object.values(areas))).toBe(1);
  });

  it('reports a content repository it can read but not push to as broken', async () => {
    const readOnly = async (input: string, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (!new URL(input).pathname.startsWith('/repos/')) return response;
      const repo = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...repo, permissions: { admin: false, push: false, pull: true } });
    };
    const areas = byArea(await reachFindings(parsePipelineSettings(vars()), { fetch: readOnly }));
    expect(areas['GitHub publishing']).toMatchObject({
      status: 'broken',
      detail: expect.stringMatching(/→ 200, but the credentials cannot push \(\d+ ms\)$/),
      fix: expect.stringContaining('write access'),
    });
    expect(areas['GitHub activity']?.status).toBe('ok');
  });

  it('reports an unreachable service within the timeout', async () => {
    const settings = parsePipelineSettings({ DISCORD_WEBHOOK_URL: 'http://127.0.0.1:9/api/webhooks/1/tok' });
    const areas = byArea(await reachFindings(settings, { fetch: fetcher, timeoutMs: 2000 }));
    expect(areas.Discord).toMatchObject({ status: 'broken', detail: expect.stringContaining('unreachable') });
    expect(areas.Twitch?.status).toBe('skipped');
  });
});
