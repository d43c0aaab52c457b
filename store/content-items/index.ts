export { ContentItemStore } from './store.ts';
