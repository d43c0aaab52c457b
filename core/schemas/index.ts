export * from './common.ts';
export * from './content-generation.ts';
export * from './content-item.ts';
export * from './github-context.ts';
export * from './job.ts';
export * from './post.ts';
export * from './queue-message.ts';
export * from './transcript.ts';
