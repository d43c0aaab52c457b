export type { ContentPage } from './query.ts';
export { ContentItemStore } from './store.ts';
