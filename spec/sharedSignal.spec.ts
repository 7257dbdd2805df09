import { asyncScheduler } from 'rxjs';
import { InterruptedError, pollUntil } from '../src';
import { listenAbort } from '../src/internal/listenAbort';
import { abortListeners } from './helpers';

describe('many waits on one signal (fan-out)', () => {
  it('should keep one listener for 10,000 waits, print no MaxListenersExceededWarning and end them all at once', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const errors: unknown[] = [];
      for (let i = 0; i < 10_000; i++) {
        pollUntil(() => false, { interval: 3_600_000, signal: controller.signal, scheduler: asyncScheduler }).subscribe(
          {
            error: (e) => errors.push(e),
          },
        );
      }
      expect(abortListeners(controller.signal)).toBe(1);
      const reason = new DOMException('deploy cancelled', 'AbortError');
      controller.abort(reason);
      expect(errors).toHaveLength(10_000);
      expect(errors.every((e) => e instanceof InterruptedError && e.cause === reason)).toBe(true);
      expect(abortListeners(controller.signal)).toBe(0);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('should remove the one listener only when the last of many waits unsubscribes', () => {
    const controller = new AbortController();
    const subscriptions = Array.from({ length: 1000 }, () =>
      pollUntil(() => false, { interval: 3_600_000, signal: controller.signal, scheduler: asyncScheduler }).subscribe(),
    );
    for (const subscription of subscriptions.slice(0, 999)) subscription.unsubscribe();
    expect(abortListeners(controller.signal)).toBe(1);
    subscriptions[999].unsubscribe();
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('should let a wait that ends another wait during the abort leave the rest unharmed', () => {
    const controller = new AbortController();
    const ended: string[] = [];
    const b = pollUntil(() => false, { interval: 1000, signal: controller.signal, scheduler: asyncScheduler });
    let bSubscription = { unsubscribe: () => {} };
    pollUntil(() => false, { interval: 1000, signal: controller.signal, scheduler: asyncScheduler }).subscribe({
      error: () => {
        ended.push('a');
        bSubscription.unsubscribe();
      },
    });
    bSubscription = b.subscribe({ error: () => ended.push('b') });
    pollUntil(() => false, { interval: 1000, signal: controller.signal, scheduler: asyncScheduler }).subscribe({
      error: () => ended.push('c'),
    });
    controller.abort();
    expect(ended).toEqual(['a', 'c']);
    expect(abortListeners(controller.signal)).toBe(0);
  });
});

describe('an abort that something in the fan-out cannot handle', () => {
  it.each([
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
    [
      'an Error whose message getter throws',
      () => {
        const reason = new Error('hidden');
        Object.defineProperty(reason, 'message', {
          get() {
            throw new Error('no message for you');
          },
        });
        return reason;
      },
    ],
  ])('should still end every wait on the signal when the reason is %s', (_name, makeReason) => {
    const controller = new AbortController();
    const reason = makeReason();
    const errors: unknown[] = [];
    const subscriptions = [1, 2, 3].map(() =>
      pollUntil(() => false, { interval: 60_000, signal: controller.signal }).subscribe({
        error: (e) => errors.push(e),
      }),
    );
    controller.abort(reason);
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error).toBeInstanceOf(InterruptedError);
      expect((error as InterruptedError).cause).toBe(reason);
      expect((error as InterruptedError).message).toBe('timed out waiting for the condition');
    }
    expect(subscriptions.every((s) => s.closed)).toBe(true);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('should call every callback when one throws, then rethrow the first error', () => {
    let dispatch!: () => void;
    const signal = {
      addEventListener: (_type: string, listener: () => void) => (dispatch = listener),
      removeEventListener: () => undefined,
    } as unknown as AbortSignal;
    const first = new Error('first');
    const called: string[] = [];
    listenAbort(signal, () => {
      called.push('a');
      throw first;
    });
    listenAbort(signal, () => {
      called.push('b');
      throw new Error('second');
    });
    listenAbort(signal, () => called.push('c'));
    expect(() => dispatch.call(signal)).toThrow(first);
    expect(called).toEqual(['a', 'b', 'c']);
  });
});

describe('the InterruptedError of a wait', () => {
  const abortAll = (count: number) => {
    const controller = new AbortController();
    const errors: InterruptedError[] = [];
    for (let i = 0; i < count; i++) {
      pollUntil(() => false, { interval: 60_000, signal: controller.signal }).subscribe({
        error: (e: InterruptedError) => errors.push(e),
      });
    }
    const reason = new Error('deploy cancelled');
    controller.abort(reason);
    return { errors, reason };
  };

  it('should capture no stack of its own (its frames would be the fan-out), keep the cause and restore the limit', () => {
    const limit = Error.stackTraceLimit;
    const { errors, reason } = abortAll(3);
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error.stack).toBe('InterruptedError: deploy cancelled');
      expect(error.cause).toBe(reason);
      expect(error.attempts).toBe(0);
    }
    expect(reason.stack).toMatch(/\n\s+at /); // the abort reason keeps where abort() was called
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it('should pass an abort reason that already is an InterruptedError on as it is, not wrapped in another', () => {
    // a wait whose signal is aborted with an outer wait's interruption (as interruptOn does)
    const outer = new InterruptedError(new Error('deploy cancelled'), 4);
    const controller = new AbortController();
    const errors: unknown[] = [];
    pollUntil(() => false, { interval: 60_000, signal: controller.signal }).subscribe({
      error: (e: unknown) => errors.push(e),
    });
    controller.abort(outer);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBe(outer);
  });

  it('should still be made where Error.stackTraceLimit cannot be written (frozen intrinsics)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')!;
    Object.defineProperty(Error, 'stackTraceLimit', { ...descriptor, writable: false });
    try {
      const { errors, reason } = abortAll(2);
      expect(errors.map((e) => e.cause)).toEqual([reason, reason]);
      expect(errors[0].stack).toMatch(/\n\s+at /);
    } finally {
      Object.defineProperty(Error, 'stackTraceLimit', descriptor);
    }
  });
});
