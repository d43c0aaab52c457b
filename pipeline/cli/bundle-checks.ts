import { StreamlogError } from '../../core/errors.ts';
import {
  BRANCH_PREFIX,
  fingerprintInBody,
  fingerprintInCommitMessage,
  type PostBundle,
} from '../../core/publishing/bundle.ts';

/** GitHub's limit for a pull request body; the local publisher keeps the same one. */
export const MAX_BODY_CHARS = 65_535;

/** Every bundle file lives here; nothing else in the content repository is the pipeline's to write. */
export const CONTENT_ROOT = 'content/';

/**
 * Why `path` may not be written from a bundle, or null when it may. Bundle paths are built from
 * untrusted text (clip titles, model output), so only plain relative paths under `content/` pass:
 * no absolute path, no `.`/`..`/empty segment, no backslash or control character, and no segment
 * git treats specially (`.git`, `.gitmodules`, `.gitattributes`, NTFS short names like `GIT~1`).
 */
export function contentPathProblem(path: string): string | null {
  if (typeof path !== 'string' || path.length === 0) return 'is empty';
  if (path.length > 1024) return 'is longer than 1024 characters';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a control character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  if (!path.startsWith(CONTENT_ROOT)) return `is not under ${CONTENT_ROOT}`;
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') return 'has an empty segment';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
    const lower = segment.toLowerCase().replace(/[. ]+$/, '');
    if (lower.startsWith('.git') || /^git~\d+$/.test(lower)) return `has a git-reserved segment "${segment}"`;
  }
  if (segments.length < 2) return `names no file under ${CONTENT_ROOT}`;
  return null;
}

/**
 * Refuses (`validation_failed`) a bundle the local publisher must not write: a bad branch, a body
 * over GitHub's limit, a fingerprint missing from the body marker or the commit trailer (without
 * the trailer the pipeline's own commit would look like a person's), or any unsafe or duplicate path.
 */
export function checkBundle(bundle: PostBundle): void {
  const fail = (message: string, details: Record<string, unknown> = {}): never => {
    throw new StreamlogError('validation_failed', message, { branch: bundle.branch, ...details });
  };
  if (!/^[0-9a-f]{64}$/.test(bundle.fingerprint)) fail('the bundle fingerprint is not a sha-256 hex string');
  if (!bundle.branch.startsWith(BRANCH_PREFIX) || bundle.branch.length > 200) {
    fail(`the bundle branch must start with ${BRANCH_PREFIX} (got "${bundle.branch.slice(0, 80)}")`);
  }
  if (bundle.body.length > MAX_BODY_CHARS) {
    fail(`the pull request body has ${bundle.body.length} characters; the limit is ${MAX_BODY_CHARS}`, {
      field: 'body',
    });
  }
  if (/[\r\n]/.test(bundle.title) || bundle.title.trim() === '')
    fail('the pull request title must be one non-empty line');
  if (fingerprintInBody(bundle.body) !== bundle.fingerprint) {
    fail('the pull request body does not carry this bundle’s fingerprint marker', { field: 'body' });
  }
  if (fingerprintInCommitMessage(bundle.commit_message) !== bundle.fingerprint) {
    fail('the commit message lacks this bundle’s Streamlog-Fingerprint trailer', { field: 'commit_message' });
  }
  if (bundle.files.length === 0) fail('the bundle has no files');
  const seen = new Set<string>();
  for (const file of bundle.files) {
    const problem = contentPathProblem(file.path);
    if (problem) fail(`bundle path "${String(file.path).slice(0, 120)}" ${problem}`, { field: 'files' });
    if (seen.has(file.path)) fail(`bundle path "${file.path}" appears twice`, { field: 'files' });
    seen.add(file.path);
    if (typeof file.content !== 'string') fail(`bundle file "${file.path}" has no text content`, { field: 'files' });
  }
}
