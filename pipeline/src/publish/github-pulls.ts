/**
 * The fields of GitHub's pull request, ref and commit answers the publisher reads, checked as they
 * are read: a shape we do not recognise is an `upstream_rejected`, never a silent wrong decision.
 */
import { StreamlogError } from '../../../core/errors.ts';

export interface PullView {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  title: string;
  body: string | null;
  draft: boolean;
  html_url: string;
  head_ref: string;
  head_sha: string;
  /** The branch it targets: the content repository's base branch unless someone retargeted it. */
  base_ref: string;
  labels: string[];
}

export interface CommitView {
  sha: string;
  message: string;
  tree_sha: string;
  parents: string[];
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unexpected(what);
  return value as Json;
}

function unexpected(what: string): StreamlogError {
  return new StreamlogError('upstream_rejected', `GitHub answered an unexpected shape for ${what}`, { what });
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw unexpected(what);
  return value;
}

export function readPull(value: unknown): PullView {
  const pull = object(value, 'a pull request');
  const head = object(pull.head, 'a pull request head');
  const base = typeof pull.base === 'object' && pull.base !== null ? (pull.base as Json) : {};
  const number = pull.number;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw unexpected('a pull request number');
  const state = pull.state;
  if (state !== 'open' && state !== 'closed') throw unexpected('a pull request state');
  const labels = Array.isArray(pull.labels) ? pull.labels : [];
  return {
    number,
    state,
    // The list endpoint has no `merged`; `merged_at` is set exactly when the PR was merged.
    merged: typeof pull.merged_at === 'string' || pull.merged === true,
    title: typeof pull.title === 'string' ? pull.title : '',
    body: typeof pull.body === 'string' ? pull.body : null,
    draft: pull.draft === true,
    html_url: string(pull.html_url, 'a pull request html_url'),
    head_ref: string(head.ref, 'a pull request head.ref'),
    head_sha: string(head.sha, 'a pull request head.sha'),
    base_ref: typeof base.ref === 'string' ? base.ref : '',
    labels: labels.flatMap((label) =>
      typeof label === 'string'
        ? [label]
        : typeof label === 'object' && label !== null && typeof (label as Json).name === 'string'
          ? [(label as Json).name as string]
          : [],
    ),
  };
}

export function readPullList(value: unknown): PullView[] {
  if (!Array.isArray(value)) throw unexpected('the pull request list');
  return value.map(readPull);
}

/** `GET git/ref/heads/{branch}` → the commit it points at. */
export function readRefSha(value: unknown): string {
  const ref = object(value, 'a git ref');
  return string(object(ref.object, 'a git ref object').sha, 'a git ref sha');
}

export function readCommit(value: unknown): CommitView {
  const commit = object(value, 'a git commit');
  const parents = Array.isArray(commit.parents) ? commit.parents : [];
  return {
    sha: string(commit.sha, 'a git commit sha'),
    message: typeof commit.message === 'string' ? commit.message : '',
    tree_sha: string(object(commit.tree, 'a git commit tree').sha, 'a git commit tree sha'),
    parents: parents.map((parent) => string(object(parent, 'a commit parent').sha, 'a commit parent sha')),
  };
}

export function readSha(value: unknown, what: string): string {
  return string(object(value, what).sha, `${what} sha`);
}
