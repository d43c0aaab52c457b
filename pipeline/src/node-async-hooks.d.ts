/**
 * `node:async_hooks` as the Workers runtime provides it under `nodejs_compat`. The pipeline is typed
 * with the Workers types, not Node's, so the one class it uses is declared here.
 */
declare module 'node:async_hooks' {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, callback: () => R): R;
    getStore(): T | undefined;
  }
}
