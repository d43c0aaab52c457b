import { StreamlogError } from '../../../core/errors.ts';
import {
  BRANCH_PREFIX,
  fingerprintInBody,
  fingerprintInCommitMessage,
  type PostBundle,
} from '../../../core/publishing/bundle.ts';

/** GitHub refuses pull request bodies of 65,536 characters or more. */
export const MAX_PR_BODY = 65_536;

/**
 * The guard in front of every GitHub write: a bundle that would be refused half-way, land outside
 * the content folder, touch the base branch, or be mistaken for a human's work on the next run is
 * refused here, before any request, with `validation_failed`.
 */
export function checkBundle(bundle: PostBundle, baseBranch: string): void {
  const fail = (message: string, field: string): never => {
    throw new StreamlogError('validation_failed', message, { field, branch: bundle.branch });
  };
  if (!/^[0-9a-f]{64}$/.test(bundle.fingerprint))
    fail('the bundle fingerprint must be 64 hex characters', 'fingerprint');
  // JS length counts UTF-16 units, never fewer than GitHub's characters: the check errs on the safe side.
  if (bundle.body.length >= MAX_PR_BODY) {
    fail(`the PR body is ${bundle.body.length} characters; GitHub takes fewer than ${MAX_PR_BODY}`, 'body');
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
  if (!bundle.branch.startsWith(BRANCH_PREFIX) || bundle.branch === baseBranch) {
    fail(`the branch must be under ${BRANCH_PREFIX} and never the base branch`, 'branch');
  }
  const refProblem = refNameProblem(bundle.branch);
  if (refProblem) fail(`"${bundle.branch}" is not a valid git branch name: ${refProblem}`, 'branch');
  if (bundle.files.length === 0) fail('the bundle has no files', 'files');
  const seen = new Set<string>();
  for (const file of bundle.files) {
    const segments = file.path.split('/');
    if (
      !file.path.startsWith('content/') ||
      segments.some((segment) => segment === '' || segment === '.' || segment === '..' || gitReserved(segment)) ||
      hasControlCharacter(file.path) ||
      file.path.includes('\\')
    ) {
      fail(`file path "${file.path.slice(0, 120)}" must be a plain relative path under content/`, 'files');
    }
    if (seen.has(file.path)) fail(`file path "${file.path}" appears twice`, 'files');
    seen.add(file.path);
    if (typeof file.content !== 'string') fail(`file "${file.path}" has no text content`, 'files');
  }
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

/** `.git`, `.gitmodules`, `.gitattributes` and NTFS short names such as `GIT~1`: never ours to write. */
function gitReserved(segment: string): boolean {
  const lower = segment.toLowerCase().replace(/[. ]+$/, '');
  return lower.startsWith('.git') || /^git~\d+$/.test(lower);
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
