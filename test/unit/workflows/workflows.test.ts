import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { parse } from 'yaml';
import { DAILY_CRON } from '../../../pipeline/src/crons.ts';
import { lintWorkflows, workflowFiles, workflowsDir } from './lint-workflows.ts';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string> | string;
  environment?: string | { name: string; url?: string };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, Job>;
}

const files = await workflowFiles();
const workflows = new Map<string, Workflow>();
for (const file of files) workflows.set(file.slice(workflowsDir.length), parse(await readFile(file, 'utf8')));
const workflow = (name: string): Workflow => {
  const found = workflows.get(name);
  if (!found) throw new Error(`.github/workflows/${name} is missing`);
  return found;
};
const allJobs = [...workflows].flatMap(([file, w]) => Object.entries(w.jobs).map(([id, job]) => ({ file, id, job })));
/** A GitHub Actions expression, `${{ … }}`, spelled so no linter takes it for a JS template. */
const expr = (inner: string) => `$\{{ ${inner} }}`;
/** The index of the first step whose `run` matches, or -1. */
const stepIndex = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => s.run !== undefined && pattern.test(s.run));

describe('the workflow linter (npm run lint:workflows)', () => {
  it('finds no problem in .github/workflows', async () => {
    expect(await lintWorkflows()).toEqual([]);
  });

  const scratch = mkdtemp(join(tmpdir(), 'streamlog-workflows-'));
  afterAll(async () => rm(await scratch, { recursive: true, force: true }));

  it('reports a broken workflow: unknown keys, a missing job, a bad expression', async () => {
    const file = join(await scratch, 'broken.yml');
    await writeFile(
      file,
      [
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: ubuntu-24.04',
        '    needs: [nope]',
        '    permission: {}',
        '    steps:',
        `      - run: echo ${expr('github.event.foo')} ${expr('secret.TOKEN')}`,
        '',
      ].join('\n'),
    );
    const kinds = (await lintWorkflows([file])).map((f) => f.kind);
    expect(kinds).toContain('action-validator/unresolved_job');
    expect(kinds).toContain('action-validator/one_of');
    expect(kinds).toContain('actionlint/expression');
  });
});

describe('.github/workflows', () => {
  it('has checks, preview and deploy', () => {
    expect([...workflows.keys()]).toEqual(expect.arrayContaining(['checks.yml', 'preview.yml', 'deploy.yml']));
  });

  it('runs npm run check on every pull request, with no path or branch filter', () => {
    const checks = workflow('checks.yml');
    expect(checks.on.pull_request ?? {}).not.toHaveProperty('paths');
    expect(checks.on.pull_request ?? {}).not.toHaveProperty('branches');
    const steps = Object.values(checks.jobs).flatMap((j) => j.steps);
    expect(steps.some((s) => s.run === 'npm run check')).toBe(true);
  });

  it('validates, builds and previews content PRs on streamlog/* branches, and records the preview deployment', () => {
    const preview = workflow('preview.yml');
    expect((preview.on.pull_request as { paths: string[] }).paths).toEqual(['content/**']);
    const job = preview.jobs.preview;
    expect(job?.if).toContain("startsWith(github.head_ref, 'streamlog/')");
    if (!job) return;
    const validate = stepIndex(job, /astro sync/);
    const build = stepIndex(job, /^\s*npm run build$/m);
    const upload = stepIndex(job, /wrangler versions upload/);
    const deployment = stepIndex(job, /deployments\/\$id\/statuses/);
    const comment = stepIndex(job, /issues\/\$PR_NUMBER\/comments/);
    expect(validate).toBeGreaterThanOrEqual(0);
    expect([validate < build, build < upload, upload < deployment, upload < comment]).toEqual([true, true, true, true]);
    // The pipeline moves the message on a successful deployment_status whose deployment.ref is the
    // PR branch and whose environment_url is the preview (core/publishing/review-events.ts).
    const record = job.steps[deployment] as Step;
    expect(record.env?.BRANCH).toBe(expr('github.head_ref'));
    expect(record.env?.URL).toBe(expr('steps.upload.outputs.url'));
    expect(record.run).toMatch(/ref: \$ref/);
    expect(record.run).toMatch(/state=success/);
    expect(record.run).toMatch(/environment_url="\$URL"/);
    expect(job.permissions).toMatchObject({ deployments: 'write', 'pull-requests': 'write' });
  });

  it('deploys on merge to main: migrations before any deploy, the pipeline with --env production when it changed', () => {
    const deploy = workflow('deploy.yml');
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    const job = deploy.jobs.deploy;
    if (!job) throw new Error('deploy.yml has no deploy job');
    const migrate = stepIndex(job, /wrangler d1 migrations apply DB --remote/);
    const deploys = job.steps.flatMap((s, i) => (s.run && /wrangler deploy\b/.test(s.run) ? [i] : []));
    expect(migrate).toBeGreaterThanOrEqual(0);
    expect(deploys.length).toBe(2);
    for (const i of deploys) expect(migrate).toBeLessThan(i);
    const pipeline = job.steps.find((s) => s.run?.includes('-c pipeline/wrangler.toml'));
    expect(pipeline?.run).toContain('--env production');
    expect(pipeline?.if).toBe("needs.changes.outputs.pipeline == 'true'");
    expect(job.needs).toEqual(expect.arrayContaining(['changes', 'check']));
  });

  it('records a successful production deployment with the site URL after the site is deployed', () => {
    const job = workflow('deploy.yml').jobs.deploy;
    if (!job) throw new Error('deploy.yml has no deploy job');
    const site = job.steps.findIndex((s) => s.run?.includes('wrangler deploy -c dist/server/wrangler.json'));
    const record = stepIndex(job, /deployments\/\$id\/statuses/);
    expect(site).toBeGreaterThanOrEqual(0);
    expect(record).toBeGreaterThan(site);
    const step = job.steps[record] as Step;
    expect(step.run).toMatch(/environment: "production"/);
    expect(step.run).toMatch(/state=success/);
    expect(step.env?.URL).toBe(expr('steps.site.outputs.url'));
  });

  it('rebuilds the site on a schedule, so posts whose publish_at has passed appear without a push', () => {
    const schedule = workflow('deploy.yml').on.schedule as { cron: string }[];
    expect(schedule.length).toBeGreaterThan(0);
    for (const { cron } of schedule) expect(cron.split(' ')).toHaveLength(5);
    // The check job is skipped then; the deploy job must still run.
    expect(workflow('deploy.yml').jobs.deploy?.if).toContain("needs.check.result == 'skipped'");
  });

  it('pins every action by full commit SHA', () => {
    const uses = allJobs.flatMap(({ file, job }) => job.steps.flatMap((s) => (s.uses ? [`${file}: ${s.uses}`] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) expect(use).toMatch(/: [\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it('gives every job its own permissions and the workflow none by default', () => {
    for (const [file, w] of workflows) expect({ file, permissions: w.permissions }).toEqual({ file, permissions: {} });
    for (const { file, id, job } of allJobs) {
      expect({ job: `${file}#${id}`, hasPermissions: typeof job.permissions === 'object' }).toEqual({
        job: `${file}#${id}`,
        hasPermissions: true,
      });
      expect(Object.values(job.permissions as object)).not.toContain('write-all');
    }
  });

  it('has a concurrency group in every workflow, and never cancels a running deploy', () => {
    for (const w of workflows.values()) expect(w.concurrency?.group).toBeTruthy();
    expect(workflow('deploy.yml').concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('hands Cloudflare secrets only to jobs that deploy, through an environment', () => {
    for (const { file, id, job } of allJobs) {
      const usesSecrets = JSON.stringify(job).includes('secrets.');
      if (usesSecrets)
        expect({ job: `${file}#${id}`, environment: job.environment }).toHaveProperty('environment.name');
    }
    expect(JSON.stringify(workflow('checks.yml'))).not.toContain('secrets.');
  });
});

describe('pipeline/wrangler.toml', () => {
  const config = fileURLToPath(new URL('../../../pipeline/wrangler.toml', import.meta.url));

  it('stays offline without an environment (tests, npm start)', () => {
    const local = unstable_readConfig({ config, env: '' });
    expect(local.ai).toBeUndefined();
    expect(local.vars.AI_PROVIDER).toBe('offline');
  });

  it('runs Workers AI in production, with every binding, queue and cron the Worker needs', () => {
    const local = unstable_readConfig({ config, env: '' });
    const production = unstable_readConfig({ config, env: 'production' });
    expect(production.name).toBe(local.name);
    expect(production.ai?.binding).toBe('AI');
    expect(production.vars.AI_PROVIDER).toBe('workers-ai');
    expect(production.d1_databases.map((d: { binding: string }) => d.binding)).toEqual(
      local.d1_databases.map((d: { binding: string }) => d.binding),
    );
    expect(production.r2_buckets.map((b: { binding: string }) => b.binding)).toEqual(
      local.r2_buckets.map((b: { binding: string }) => b.binding),
    );
    expect(production.queues).toEqual(local.queues);
    expect(production.triggers.crons).toContain(DAILY_CRON);
    expect(Object.keys(production.vars)).toEqual(expect.arrayContaining(Object.keys(local.vars)));
  });
});
