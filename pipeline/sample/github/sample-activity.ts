import type { ActivitySource, EventPages } from '../../src/ports.ts';
import aiD7d537c from './compare/ai-invoice-app/d7d537c...5519fa8.json' with { type: 'json' };
import aiDe0d395 from './compare/ai-invoice-app/de0d395...e69996c.json' with { type: 'json' };
import aiDe29d68to09a3dea from './compare/ai-invoice-app/de29d68...09a3dea.json' with { type: 'json' };
import aiDe29d68toDe0d395 from './compare/ai-invoice-app/de29d68...de0d395.json' with { type: 'json' };
import aiE69996c from './compare/ai-invoice-app/e69996c...d7d537c.json' with { type: 'json' };
import pay9ddb31aTo877fb93 from './compare/payments-api/9ddb31a...877fb93.json' with { type: 'json' };
import pay9ddb31aTo2332f5a from './compare/payments-api/9ddb31a...2332f5a.json' with { type: 'json' };
import pay877fb93 from './compare/payments-api/877fb93...64ef5ca.json' with { type: 'json' };
import pay2332f5a from './compare/payments-api/2332f5a...b0cfab9.json' with { type: 'json' };
import payA8bb745 from './compare/payments-api/a8bb745...9ddb31a.json' with { type: 'json' };
import page1 from './events.json' with { type: 'json' };
import page2 from './events-page2.json' with { type: 'json' };
import ai13 from './pulls/ai-invoice-app-13.json' with { type: 'json' };
import pay42 from './pulls/payments-api-42.json' with { type: 'json' };
import pay43 from './pulls/payments-api-43.json' with { type: 'json' };

/** Compare answers keyed by `<repo> <base7>...<head7>`, the bundled world's commit graph. */
const COMPARES: Record<string, unknown> = {
  'codewithmara/ai-invoice-app d7d537c...5519fa8': aiD7d537c,
  'codewithmara/ai-invoice-app de0d395...e69996c': aiDe0d395,
  'codewithmara/ai-invoice-app de29d68...09a3dea': aiDe29d68to09a3dea,
  'codewithmara/ai-invoice-app de29d68...de0d395': aiDe29d68toDe0d395,
  'codewithmara/ai-invoice-app e69996c...d7d537c': aiE69996c,
  'codewithmara/payments-api 2332f5a...b0cfab9': pay2332f5a,
  'codewithmara/payments-api 877fb93...64ef5ca': pay877fb93,
  'codewithmara/payments-api 9ddb31a...2332f5a': pay9ddb31aTo2332f5a,
  'codewithmara/payments-api 9ddb31a...877fb93': pay9ddb31aTo877fb93,
  'codewithmara/payments-api a8bb745...9ddb31a': payA8bb745,
};

const PULLS: Record<string, unknown> = {
  'codewithmara/ai-invoice-app#13': ai13,
  'codewithmara/payments-api#42': pay42,
  'codewithmara/payments-api#43': pay43,
};

const PAGES: readonly unknown[][] = [page1, page2];

/**
 * The bundled sample world's GitHub (the "CodeWithMara, November 2026" fixtures): the same answers
 * the real API gave, served offline. The default when `GITHUB_TOKEN` is unset, so `npm start` and
 * the CLI run the real parsing, resolving and matching code without a network.
 */
export class SampleActivitySource implements ActivitySource {
  readonly kind = 'sample' as const;

  async listEvents(username: string, sinceMs: number): Promise<EventPages> {
    if (username.toLowerCase() !== 'codewithmara') return { pages: [], truncated: false };
    const pages: EventPages['pages'] = [];
    for (const [index, events] of PAGES.entries()) {
      pages.push({ url: `sample:users/${username}/events?page=${index + 1}`, body: events });
      if (oldest(events) < sinceMs) break;
    }
    return { pages, truncated: false };
  }

  async compare(repository: string, base: string, head: string): Promise<unknown | null> {
    return COMPARES[`${repository} ${base.slice(0, 7)}...${head.slice(0, 7)}`] ?? null;
  }

  async pullRequest(repository: string, number: number): Promise<unknown | null> {
    return PULLS[`${repository}#${number}`] ?? null;
  }
}

function oldest(events: unknown[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const event of events) {
    if (typeof event === 'object' && event !== null && 'created_at' in event && typeof event.created_at === 'string') {
      min = Math.min(min, Date.parse(event.created_at));
    }
  }
  return min;
}
