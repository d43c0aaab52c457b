import { StreamlogError } from '../errors.ts';
import { BRANCH_PREFIX, fingerprintInBody, fingerprintInCommitMessage, type PostBundle } from './bundle.ts';
import { MAX_PR_BODY } from './pr-body.ts';

/** Every bundle file lives here; nothing else in the content repository is the pipeline's to write. */
export const CONTENT_ROOT = 'content/';

/**
 * The guard in front of every publisher (GitHub and local git): a bundle that would be refused
 * half-way, land outside `content/`, touch the base branch, or be mistaken for a person's work on
 * the next run is refused before any write, with `validation_failed` naming the field.
 */
export function checkBundle(bundle: PostBundle, baseBranch: string): void {
  const fail = (message: string, field: string): never => {
    throw new StreamlogError('validation_failed', message, { field, branch: bundle.branch });
  };
  if (!/^[0-9a-f]{64}$/.test(bundle.fingerprint))
    fail('the bundle fingerprint must be 64 hex characters', 'fingerprint');
  // JS length counts UTF-16 units, never fewer than GitHub's characters: the check errs on the safe side.
  if (bundle.body.length > MAX_PR_BODY) {
    fail(`the PR body is ${bundle.body.length} characters; GitHub takes at most ${MAX_PR_BODY}`, 'body');
  }
  if (fingerprintInBody(bundle.body) !== bundle.fingerprint) {
    fail('the PR body must end with the bundle fingerprint marker', 'body');
  }
  // Without its trailer our own commit would look like a person's push on the next run, and the
  // branch would be left alone forever.
  if (fingerprintInCommitMessage(bundle.commit_message) !== bundle.fingerprint) {
    fail('the commit message must carry the Streamlog-Fingerprint trailer of the bundle', 'commit_message');
  }
  if (bundle.title.trim() === '' || /[\r\n]/.test(bundle.title))
    fail('the PR title must be one non-empty line', 'title');
  if (!bundle.branch.startsWith(BRANCH_PREFIX) || bundle.branch === baseBranch || bundle.branch.length > 200) {
    fail(`the branch must be under ${BRANCH_PREFIX} and never the base branch`, 'branch');
  }
  const refProblem = refNameProblem(bundle.branch);
  if (refProblem) fail(`"${bundle.branch}" is not a valid git branch name: ${refProblem}`, 'branch');
  if (bundle.files.length === 0) fail('the bundle has no files', 'files');
  const seen = new Set<string>();
  for (const file of bundle.files) {
    const problem = contentPathProblem(file.path);
    if (problem) fail(`file path "${String(file.path).slice(0, 120)}" ${problem}`, 'files');
    if (seen.has(file.path)) fail(`file path "${file.path}" appears twice`, 'files');
    seen.add(file.path);
    if (typeof file.content !== 'string') fail(`file "${file.path}" has no text content`, 'files');
  }
}

/**
 * Why `path` may not be written from a bundle, or null when it may. Bundle paths are built from
 * untrusted text (clip titles, model output), so only plain relative paths under `content/` pass:
 * no absolute path, no `.`/`..`/empty segment, no backslash or control character, and no segment
 * git treats specially (`.git`, `.gitmodules`, `.gitattributes`, NTFS short names like `GIT~1`).
 */
export function contentPathProblem(path: string): string | null {
  if (typeof path !== 'string' || path.length === 0) return 'is empty';
  if (path.length > 1024) return 'is longer than 1024 characters';
  if (hasControlCharacter(path)) return 'contains a control character';
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

/** Why git (`git check-ref-format`) and so GitHub would refuse `refs/heads/<name>`, or null. */
export function refNameProblem(name: string): string | null {
  if (name.includes('..')) return 'it contains ".."';
  if (hasControlCharacter(name) || /[ ~^:?*[\\]/.test(name))
    return 'it contains a space, control character or one of ~^:?*[\\';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'it has an empty path component';
  if (name.endsWith('.')) return 'it ends with "."';
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'a component starts with "." or ends with ".lock"';
  }
  return null;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
