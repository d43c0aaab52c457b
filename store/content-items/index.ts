export { ContentItemStore } from './store.ts';
export type { ContentPage } from './query.ts';
