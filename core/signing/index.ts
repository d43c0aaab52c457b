export * from '../encoding/base64.ts';
export * from './content-digest.ts';
export * from './profile.ts';
export * from './serialize.ts';
export * from './sign.ts';
export * from './signature-base.ts';
export * from './structured-fields.ts';
export * from './timing-safe.ts';
