import type { PostBundle } from '../../../core/publishing/bundle.ts';
import type { RawArtifacts } from '../../../store/artifacts/raw-artifacts.ts';
import type { Logger } from '../ports.ts';
import type { Publisher, PublishOptions, PublishResult } from './ports.ts';

/**
 * The Worker's publisher when no content repository is configured (no `CONTENT_REPO`): the bundle is
 * kept in R2, content-addressed, and nothing is opened. The run record and the log say where it is,
 * so a deployment missing its repository loses no post and pretends nothing.
 */
export class R2Publisher implements Publisher {
  readonly kind = 'none' as const;
  readonly #artifacts: RawArtifacts;
  readonly #log: Logger;

  constructor(artifacts: RawArtifacts, log: Logger) {
    this.#artifacts = artifacts;
    this.#log = log;
  }

  async publish(bundle: PostBundle, _options: PublishOptions): Promise<PublishResult> {
    const stored = await this.#artifacts.put('posts', JSON.stringify(bundle));
    this.#log.warn('publishing is off (CONTENT_REPO is unset): the post is kept in R2 only', {
      subject_key: bundle.subject_key,
      r2_key: stored.key,
    });
    // No PR number: nothing was opened. The URL says where the post is kept instead.
    return {
      outcome: 'created',
      branch: bundle.branch,
      number: null,
      url: `r2://${stored.key}`,
      commit_sha: null,
      draft: bundle.draft,
      writes: 0,
    };
  }
}
