/**
 * A port of k8s.io/client-go/util/retry/util_test.go: `RetryOnConflict(backoff, fn)` is
 * `backoffRetry` with `shouldRetry` set to "is a conflict", on a source that calls `fn`
 * per subscription.
 */
import { defer, of, throwError } from 'rxjs';
import { backoffRetry } from '../../src';
import { errorOf, runWait } from './support';

class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
const isConflict = (error: unknown) => error instanceof ConflictError;

describe('TestRetryOnConflict', () => {
  // Go: wait.Backoff{Factor: 1.0, Steps: 3}
  const opts = { duration: 0, factor: 1, steps: 3, shouldRetry: isConflict };
  const retryOnConflict = (fn: () => Error | undefined) =>
    runWait((scheduler) =>
      defer(() => {
        const error = fn();
        return error === undefined ? of('updated') : throwError(() => error);
      }).pipe(backoffRetry({ ...opts, scheduler })),
    );

  it('should give back the conflict itself when it never stops', () => {
    const conflictErr = new ConflictError('the object has been modified');
    let calls = 0;
    const ended = retryOnConflict(() => (calls++, conflictErr));
    expect(errorOf(ended)).toBe(conflictErr);
    expect(calls).toBe(3);
  });

  it('should return at once on success', () => {
    let i = 0;
    const ended = retryOnConflict(() => (i++, undefined));
    expect(ended.ending).toEqual({ kind: 'complete' });
    expect(i).toBe(1);
  });

  it('should return at once on another error', () => {
    const testErr = new Error('some other error');
    let calls = 0;
    const ended = retryOnConflict(() => (calls++, testErr));
    expect(errorOf(ended)).toBe(testErr);
    expect(calls).toBe(1);
  });

  it('should keep retrying conflicts until it succeeds', () => {
    let i = 0;
    const ended = retryOnConflict(() => (i < 2 ? (i++, new ConflictError('conflict')) : undefined));
    expect(ended.ending).toEqual({ kind: 'complete' });
    expect(i).toBe(2);
  });
});
