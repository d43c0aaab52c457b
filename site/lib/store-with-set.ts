import type { LoaderContext } from 'astro/loaders';

export type Store = LoaderContext['store'];

/**
 * `store`, with `set` replaced: loader wrappers use it to see or change each entry a loader stores
 * (site/lib/search-from-content.ts, site/lib/html-only-rendering.ts). Every other method is the
 * store's own, called on the store itself, since it keeps private state.
 */
export function withSet(store: Store, set: Store['set']): Store {
  return new Proxy(store, {
    get: (target, property) => {
      if (property === 'set') return set;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
