/**
 * A port of k8s.io/apimachinery/pkg/util/wait/error_test.go. Go's error wrapping
 * (`Unwrap`) is a `cause` here; `context.Canceled` is an `AbortError`,
 * `context.DeadlineExceeded` a `TimeoutError`, `ErrWaitTimeout` an `InterruptedError`
 * without a cause.
 */
import { InterruptedError, errorInterrupted, isInterrupted } from '../../src';

const named = (name: string) => Object.assign(new Error(name), { name });
const canceled = () => named('AbortError');
const deadlineExceeded = () => named('TimeoutError');
const waitTimeout = () => new InterruptedError();
/** Go's errWrapper: wraps, so errors.Is sees through it. */
const wrapper = (wrapped: Error) => new Error(`wrapped: ${wrapped.message}`, { cause: wrapped });
/** Go's errNotWrapper: only mentions the error. */
const notWrapper = (wrapped: Error) => new Error(`wrapped: ${wrapped.message}`);

describe('TestInterrupted', () => {
  it.each([
    ['ErrWaitTimeout', waitTimeout(), true],
    ['context.Canceled', canceled(), true],
    ['context.DeadlineExceeded', deadlineExceeded(), true],
    ['errWrapper{ErrWaitTimeout}', wrapper(waitTimeout()), true],
    ['errWrapper{context.Canceled}', wrapper(canceled()), true],
    ['errWrapper{context.DeadlineExceeded}', wrapper(deadlineExceeded()), true],
    ['ErrorInterrupted(nil)', errorInterrupted(undefined), true],
    ['ErrorInterrupted(errors.New("unknown"))', errorInterrupted(new Error('unknown')), true],
    ['ErrorInterrupted(context.Canceled)', errorInterrupted(canceled()), true],
    ['ErrorInterrupted(ErrWaitTimeout)', errorInterrupted(waitTimeout()), true],
    ['nil', undefined, false],
    ['errors.New("not a cancellation")', new Error('not a cancellation'), false],
    ['errNotWrapper{ErrWaitTimeout}', notWrapper(waitTimeout()), false],
    ['errNotWrapper{context.Canceled}', notWrapper(canceled()), false],
    ['errNotWrapper{context.DeadlineExceeded}', notWrapper(deadlineExceeded()), false],
  ])('Interrupted(%s) = %p', (_name, err, want) => {
    expect(isInterrupted(err)).toBe(want);
  });
});

describe('TestErrorInterrupted', () => {
  it('should not wrap an interrupted error twice', () => {
    const internal = new InterruptedError();
    expect(errorInterrupted(internal)).toBe(internal);
    const nested = new InterruptedError(new InterruptedError());
    expect(errorInterrupted(nested)).toBe(nested);
  });

  it('should wrap any other error, keep its message, and be interrupted where the cause is not', () => {
    const cause = new Error('test');
    const actual = errorInterrupted(cause);
    expect(actual).toBeInstanceOf(InterruptedError);
    expect(actual.cause).toBe(cause); // Go: actual == errInterrupted{in}
    expect(actual.message).toBe(cause.message);
    expect(isInterrupted(actual)).toBe(true); // Go: errors.Is(actual, errWaitTimeout)
    expect(isInterrupted(cause)).toBe(false);
  });
});
