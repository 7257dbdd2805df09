import { runInNewContext } from 'node:vm';
import { TimeoutError as RxTimeoutError } from 'rxjs';
import { InterruptedError, errorInterrupted, isCanceled, isDeadlineExceeded, isInterrupted } from '../src';

const abortError = () => new DOMException('stopped by user', 'AbortError');
const timeoutError = () => new DOMException('deadline passed', 'TimeoutError');

describe('InterruptedError', () => {
  it('should be an Error named InterruptedError', () => {
    const err = new InterruptedError();
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err.name).toBe('InterruptedError');
  });

  it("should use Go's ErrWaitTimeout text when there is no cause", () => {
    const err = new InterruptedError();
    expect(err.message).toBe('timed out waiting for the condition');
    expect(err.cause).toBeUndefined();
    expect(err.attempts).toBeUndefined();
  });

  it("should take the message of an Error or DOMException cause and keep the cause's identity", () => {
    const cause = timeoutError();
    const err = new InterruptedError(cause, 3);
    expect(err.message).toBe('deadline passed');
    expect(err.cause).toBe(cause);
    expect(err.attempts).toBe(3);
    expect(new InterruptedError(new Error('plain')).message).toBe('plain');
  });

  it('should fall back to the wait-timeout text for causes that are not errors or have no message', () => {
    expect(new InterruptedError('a string').message).toBe('timed out waiting for the condition');
    expect(new InterruptedError({ message: 'looks like an error' }).message).toBe(
      'timed out waiting for the condition',
    );
    expect(new InterruptedError(new Error('')).message).toBe('timed out waiting for the condition');
  });
});

describe('errorInterrupted', () => {
  it('should wrap a cause in an InterruptedError', () => {
    const cause = abortError();
    const err = errorInterrupted(cause);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err.cause).toBe(cause);
    expect(err.message).toBe('stopped by user');
  });

  it('should return an InterruptedError as it is, never wrapping twice', () => {
    const inner = new InterruptedError(timeoutError());
    expect(errorInterrupted(inner)).toBe(inner);
  });

  it('should recognise an InterruptedError from another copy of the package by name', () => {
    class OtherCopyError extends Error {
      override name = 'InterruptedError';
    }
    const foreign = new OtherCopyError('from elsewhere');
    expect(errorInterrupted(foreign)).toBe(foreign);
  });

  it('should give the wait-timeout text with no cause', () => {
    expect(errorInterrupted().message).toBe('timed out waiting for the condition');
  });
});

describe('isInterrupted', () => {
  const cyclic = new Error('cycle a');
  const other = new Error('cycle b', { cause: cyclic });
  (cyclic as { cause?: unknown }).cause = other;

  const throwingCause = new Proxy(new Error('trap'), {
    get(target, key) {
      if (key === 'cause') throw new Error('getter throws');
      return Reflect.get(target, key);
    },
  });
  const throwingName = new Proxy(
    {},
    {
      get() {
        throw new Error('getter throws');
      },
    },
  );

  it.each([
    ['an InterruptedError', new InterruptedError()],
    ['an AbortError DOMException', abortError()],
    ['a TimeoutError DOMException', timeoutError()],
    ["RxJS's TimeoutError", new RxTimeoutError()],
    ['an error whose cause is an AbortError', new Error('wrapped', { cause: abortError() })],
    [
      'an error two causes away from a TimeoutError',
      new Error('a', { cause: new Error('b', { cause: timeoutError() }) }),
    ],
    [
      'a signal reason from AbortController.abort()',
      (() => {
        const c = new AbortController();
        c.abort();
        return c.signal.reason;
      })(),
    ],
  ])('should be true for %s', (_label, err) => {
    expect(isInterrupted(err)).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'AbortError'],
    ['a number', 42],
    ['a plain object', { message: 'x' }],
    ['a plain Error', new Error('boom')],
    ['a TypeError', new TypeError('bad')],
    ['a cyclic cause chain without interruption', cyclic],
    ['an error whose cause getter throws', throwingCause],
    ['an object whose name getter throws', throwingName],
  ])('should be false for %s', (_label, err) => {
    expect(isInterrupted(err)).toBe(false);
  });

  it('should treat a plain object named AbortError as interrupted (names decide, as across copies)', () => {
    expect(isInterrupted({ name: 'AbortError' })).toBe(true);
  });
});

describe('isDeadlineExceeded and isCanceled', () => {
  it('should classify an InterruptedError by its cause', () => {
    const deadline = new InterruptedError(timeoutError());
    const canceled = new InterruptedError(abortError());
    const exhausted = new InterruptedError();
    expect([isDeadlineExceeded(deadline), isCanceled(deadline)]).toEqual([true, false]);
    expect([isDeadlineExceeded(canceled), isCanceled(canceled)]).toEqual([false, true]);
    expect([isDeadlineExceeded(exhausted), isCanceled(exhausted)]).toEqual([false, false]);
  });

  it('should classify the raw errors themselves', () => {
    expect(isDeadlineExceeded(timeoutError())).toBe(true);
    expect(isDeadlineExceeded(new RxTimeoutError())).toBe(true);
    expect(isCanceled(abortError())).toBe(true);
    expect(isCanceled(timeoutError())).toBe(false);
  });

  it('should be decided by the first interruption along the chain, so the two never both hold', () => {
    const abortAroundTimeout = new DOMException('aborted', 'AbortError');
    (abortAroundTimeout as { cause?: unknown }).cause = timeoutError();
    expect(isCanceled(abortAroundTimeout)).toBe(true);
    expect(isDeadlineExceeded(abortAroundTimeout)).toBe(false);
  });

  it('should be false for non-interruptions', () => {
    for (const value of [undefined, null, 'TimeoutError', new Error('x'), { cause: 1 }]) {
      expect(isDeadlineExceeded(value)).toBe(false);
      expect(isCanceled(value)).toBe(false);
    }
  });
});

describe('guards on odd inputs', () => {
  it('should not take a function named like an interruption for one', () => {
    function AbortError() {}
    const timeoutLike = Object.assign(() => undefined, { cause: new DOMException('x', 'AbortError') });
    expect(isInterrupted(AbortError)).toBe(false);
    expect(isInterrupted(timeoutLike)).toBe(false);
  });

  it('should stop on a cause getter that makes a new error on every read', () => {
    const endless = {
      name: 'Error',
      get cause() {
        return { name: 'Error', cause: endless };
      },
    };
    const freshEachTime = {
      name: 'Error',
      get cause(): unknown {
        return { ...freshEachTime, name: 'Error' };
      },
    };
    expect(isInterrupted(endless)).toBe(false);
    expect(isCanceled(freshEachTime)).toBe(false);
  });

  it('should follow up to 64 cause links', () => {
    const chain = (links: number) => {
      let err: unknown = new DOMException('deep', 'TimeoutError');
      for (let i = 0; i < links; i++) err = new Error(`link ${i}`, { cause: err });
      return err;
    };
    expect(isDeadlineExceeded(chain(63))).toBe(true);
    expect(isDeadlineExceeded(chain(64))).toBe(false);
  });

  it('should leave attempts unset (not even as a key) when not given', () => {
    expect(Object.prototype.hasOwnProperty.call(new InterruptedError(), 'attempts')).toBe(false);
    expect(new InterruptedError(undefined, 0).attempts).toBe(0);
  });
});

describe('InterruptedError from causes that are hard to read', () => {
  it('should take the message of an Error from another realm', () => {
    const cause = runInNewContext('new Error("deploy cancelled")') as Error;
    expect(cause instanceof Error).toBe(false);
    expect(new InterruptedError(cause).message).toBe('deploy cancelled');
  });

  it('should fall back to the Go text, never throw, for a revoked Proxy or a throwing message', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwing = new Error('x');
    Object.defineProperty(throwing, 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(new InterruptedError(proxy).message).toBe('timed out waiting for the condition');
    expect(new InterruptedError(throwing).message).toBe('timed out waiting for the condition');
    expect(new InterruptedError(throwing).cause).toBe(throwing);
  });

  it('should not take the message of a plain object that only looks like an error', () => {
    expect(new InterruptedError({ name: 'Error', message: 'fake' }).message).toBe(
      'timed out waiting for the condition',
    );
  });
});
