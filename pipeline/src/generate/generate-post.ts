import { type ComposedPost, composePost, postFile } from '../../../core/posts/compose.ts';
import type { PostFacts } from '../../../core/posts/facts.ts';
import { truncate } from '../../../core/posts/untrusted-text.ts';
import { PIPELINE_VERSION } from '../../../core/posts/version.ts';
import { branchFor, fingerprintTrailer, type PostBundle, subjectKeyFor } from '../../../core/publishing/bundle.ts';
import { prBody } from '../../../core/publishing/pr-body.ts';
import { postFingerprint } from './fingerprint.ts';
import { type Judgement, judgePost } from './judge-post.ts';
import type { ModelAccess } from './model-call.ts';
import { writeProse } from './write-prose.ts';

export interface GeneratedPost {
  post: ComposedPost;
  judgement: Judgement;
  bundle: PostBundle;
  /** Who wrote and judged it: `workers-ai` only when both steps used it. */
  ai_provider: 'workers-ai' | 'offline';
  fallback_reason: string | null;
}

export const LABELS = {
  post: 'streamlog',
  polish: 'streamlog:needs-polish',
  failed: 'streamlog:judge-failed',
} as const;

/**
 * Facts → prose → post → judge → bundle. The only I/O is the (optional, budgeted) model. A post
 * the judge fails is marked `draft: true` in its own front matter too, so merging the draft PR by
 * mistake still publishes nothing.
 */
export async function generatePost(
  facts: PostFacts,
  access: ModelAccess | null,
  now: Date,
  fingerprint?: string,
): Promise<GeneratedPost> {
  const written = await writeProse(facts, access);
  const provenance = {
    pipeline_version: PIPELINE_VERSION,
    ai_provider: written.ai_provider,
    generated_at: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const composed = composePost(facts, written.prose, provenance);
  const judgement = await judgePost(composed, facts, access);
  const aiProvider =
    written.ai_provider === 'workers-ai' && judgement.ai_provider === 'workers-ai' ? 'workers-ai' : 'offline';
  const fallback = written.fallback_reason ?? judgement.fallback_reason;
  const verdict = judgement.verdict.verdict;
  const post: ComposedPost = {
    ...composed,
    frontmatter: {
      ...composed.frontmatter,
      draft: verdict === 'fail',
      judge: judgement.verdict,
      generated_by: {
        ...provenance,
        ai_provider: aiProvider,
        // Provenance says when Workers AI was configured but the offline writer stood in.
        ...(fallback ? { fallback_reason: fallback.slice(0, 200) } : {}),
      },
    },
  };
  const print = fingerprint ?? (await postFingerprint(facts));
  const itemFiles = facts.featured.map((item) => ({
    path: `content/items/${item.content_item_id}.json`,
    content: `${JSON.stringify(item, null, 2)}\n`,
  }));
  const title = post.frontmatter.title;
  const bundle: PostBundle = {
    content_type: facts.content_type,
    period: facts.period,
    subject_key: subjectKeyFor(facts.content_type, facts.period),
    branch: branchFor(facts.content_type, facts.period),
    // GitHub does not notify on titles, but a title that mentions no one is plainly better.
    title: truncate(`${prefixFor(facts)}${title}`.replace(/\s+/g, ' ').replaceAll('@', '@\u200b'), 250),
    body: prBody({
      facts,
      title,
      description: post.frontmatter.description,
      verdict: judgement.verdict,
      checks: judgement.checks,
      postPath: post.path,
      itemPaths: itemFiles.map((file) => file.path),
      provider: { ai_provider: aiProvider, fallback_reason: fallback, pipeline_version: PIPELINE_VERSION },
      fingerprint: print,
    }),
    commit_message: `${commitSubject(facts)}\n\n${itemFiles.length} clip(s), judge: ${verdict}.\n\n${fingerprintTrailer(print)}\n`,
    files: [{ path: post.path, content: postFile(post) }, ...itemFiles],
    fingerprint: print,
    draft: verdict !== 'pass',
    labels:
      verdict === 'pass'
        ? [LABELS.post]
        : verdict === 'polish'
          ? [LABELS.post, LABELS.polish]
          : [LABELS.post, LABELS.polish, LABELS.failed],
  };
  return { post, judgement, bundle, ai_provider: aiProvider, fallback_reason: fallback };
}

function prefixFor(facts: PostFacts): string {
  switch (facts.content_type) {
    case 'daily_recap':
      return `Daily recap ${facts.period.start}: `;
    case 'weekly_summary':
      return `Weekly summary ${facts.period.start}..${facts.period.end}: `;
    case 'topic_focus':
      return `Topic ${facts.topic ?? ''} ${facts.period.start}..${facts.period.end}: `;
  }
}

/** A commit subject from trusted parts only (type and period). */
function commitSubject(facts: PostFacts): string {
  const period =
    facts.period.start === facts.period.end ? facts.period.start : `${facts.period.start}..${facts.period.end}`;
  return `content: ${facts.content_type.replace('_', ' ')} for ${period}`;
}
