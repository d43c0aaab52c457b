export {
  ContentApiClient,
  type ContentApiClientOptions,
  ContentApiError,
  type ItemsQuery,
} from './content-api-client.ts';
export { type SignRequestInput, signRequest } from './sign-request.ts';
