import { isStreamlogError, type StreamlogError } from '../../../core/errors.ts';

/** The StreamlogError `promise` rejects with; any other outcome fails the test. */
export async function failure(promise: Promise<unknown>): Promise<StreamlogError> {
  try {
    await promise;
  } catch (error) {
    if (isStreamlogError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
