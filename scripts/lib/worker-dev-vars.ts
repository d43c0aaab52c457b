import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dotenvLine } from './dev-vars.ts';

/**
 * How `npm start` hands values to the two Workers `wrangler dev` serves, never on a command line
 * (where `ps` shows a secret to every local user):
 * - the site Worker (the first `-c`) reads the `.dev.vars` beside its built config. The Astro adapter
 *   copies the root `.dev.vars` there with the default file mode, so it is rewritten here, mode 0600;
 * - the pipeline Worker (the second `-c`) gets neither `--var` nor `--env-file` from wrangler 4, only
 *   the first config does. With no `pipeline/.dev.vars` (which the tests would also read), wrangler
 *   gives it the process environment when CLOUDFLARE_INCLUDE_PROCESS_ENV is set: the same settings
 *   the local pipeline run read (`.dev.vars` under the environment), with the chosen time zone.
 */
export function writeSiteDevVars(serverDir: string, vars: Record<string, string>): string {
  const path = join(serverDir, '.dev.vars');
  const text = Object.entries(vars)
    .map(([key, value]) => dotenvLine(key, value))
    .join('');
  writeFileSync(path, text, { mode: 0o600 });
  // `mode` applies only when the file is created; the adapter's copy already exists.
  chmodSync(path, 0o600);
  return path;
}

/** What wrangler itself needs from the environment; everything else it is started with becomes a binding. */
const WRANGLER_OWN =
  /^(PATH|HOME|TMPDIR|LANG|LC_[A-Z]+|TERM|USER|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|XDG_[A-Z_]+|WRANGLER_[A-Z_]+|CLOUDFLARE_[A-Z_]+|MINIFLARE_[A-Z_]+|ASTRO_TELEMETRY_DISABLED)$/;

/**
 * The environment for `wrangler dev`: what wrangler needs, plus the settings the pipeline reads
 * (`names`), the environment winning over `.dev.vars`. Nothing else, so the pipeline Worker is not
 * handed every variable of the user's shell.
 */
export function pipelineWorkerEnv(
  base: Record<string, string | undefined>,
  devVars: Record<string, string>,
  names: Iterable<string>,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { CLOUDFLARE_INCLUDE_PROCESS_ENV: 'true' };
  for (const [key, value] of Object.entries(base)) if (WRANGLER_OWN.test(key)) env[key] = value;
  for (const name of names) {
    const value = base[name] ?? devVars[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * Parses settings with `parse` and records every name it reads: the variables the pipeline Worker
 * takes from the environment. The parser reads each variable by name, so the record is exact.
 */
export function readingNames<T>(
  vars: Record<string, string | undefined>,
  parse: (vars: Record<string, string | undefined>) => T,
) {
  const names = new Set<string>();
  const recording = new Proxy(vars, {
    get(target, name, receiver) {
      if (typeof name === 'string') names.add(name);
      return Reflect.get(target, name, receiver);
    },
  });
  return { value: parse(recording), names };
}
