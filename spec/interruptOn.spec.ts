import { NEVER, Subject, mergeMap, of } from 'rxjs';
import { InterruptedError, interruptOn, isCanceled, isInterrupted } from '../src';
import { abortListeners, createTestScheduler, interruptedWith } from './helpers';

describe('interruptOn', () => {
  describe('with an AbortSignal', () => {
    it('should mirror the source until the abort, then unsubscribe it and error with the reason as cause', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      const reason = new Error('stop');
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-a-b-c-d|');
        testScheduler.schedule(() => controller.abort(reason), 4);
        expectObservable(source.pipe(interruptOn(controller.signal))).toBe(
          '-a-b#',
          undefined,
          expect.objectContaining({ name: 'InterruptedError', cause: reason }),
        );
        expectSubscriptions(source.subscriptions).toBe('^---!');
      });
      expect(abortListeners(controller.signal)).toBe(0);
    });

    it('should error at subscription without subscribing when already aborted', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      controller.abort();
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('a|');
        expectObservable(source.pipe(interruptOn(controller.signal))).toBe(
          '#',
          undefined,
          interruptedWith('AbortError'),
        );
        expectSubscriptions(source.subscriptions).toBe([]);
      });
    });

    it('should pass values, errors and completion through and remove its listener', () => {
      const testScheduler = createTestScheduler();
      const controller = new AbortController();
      const boom = new Error('boom');
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('-a|').pipe(interruptOn(controller.signal))).toBe('-a|');
        expectObservable(cold('-#', undefined, boom).pipe(interruptOn(controller.signal))).toBe('-#', undefined, boom);
      });
      expect(abortListeners(controller.signal)).toBe(0);
    });

    it('should not wrap an InterruptedError reason twice', () => {
      const controller = new AbortController();
      const outer = new InterruptedError(new DOMException('outer deadline', 'TimeoutError'));
      const errors: unknown[] = [];
      NEVER.pipe(interruptOn(controller.signal)).subscribe({ error: (e) => errors.push(e) });
      controller.abort(outer);
      expect(errors).toEqual([outer]);
      expect(errors[0]).toBe(outer);
    });

    it('should reject something that is neither a signal nor an Observable', () => {
      expect(() => interruptOn('later' as never)).toThrow(TypeError);
      expect(() => interruptOn(undefined as never)).toThrow(
        new TypeError('Expected `signalOrNotifier` to be an AbortSignal or an Observable, got undefined'),
      );
    });
  });

  describe('with a notifier', () => {
    it('should interrupt on the first value with an AbortError cause', () => {
      const testScheduler = createTestScheduler();
      const errors: unknown[] = [];
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const source = cold('-a-b-c-d|');
        const notifier = hot('-----x');
        const result = source.pipe(interruptOn(notifier));
        expectObservable(result).toBe('-a-b-#', undefined, interruptedWith('AbortError'));
        // two subscriptions: expectObservable's and the one below
        expectSubscriptions(source.subscriptions).toBe(['^----!', '^----!']);
        expectSubscriptions(notifier.subscriptions).toBe(['^----!', '^----!']);
        result.subscribe({ error: (e) => errors.push(e) });
      });
      expect(isInterrupted(errors[0])).toBe(true);
      expect(isCanceled(errors[0])).toBe(true);
    });

    it("should use the notifier's value as the cause when it is an Error", () => {
      const testScheduler = createTestScheduler();
      const why = new Error('shutdown');
      testScheduler.run(({ cold, hot, expectObservable }) => {
        expectObservable(cold('-a-b|').pipe(interruptOn(hot('--x', { x: why })))).toBe(
          '-a#',
          undefined,
          expect.objectContaining({ name: 'InterruptedError', cause: why, message: 'shutdown' }),
        );
      });
    });

    it('should change nothing when the notifier completes without a value', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('-a---b|').pipe(interruptOn(cold('--|')))).toBe('-a---b|');
      });
    });

    it("should error with the notifier's error", () => {
      const testScheduler = createTestScheduler();
      const boom = new Error('notifier failed');
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(cold('-a---b|').pipe(interruptOn(cold('--#', undefined, boom)))).toBe('-a#', undefined, boom);
      });
    });

    it('should never subscribe to the source when the notifier emits synchronously', () => {
      let subscribed = false;
      const errors: unknown[] = [];
      const source = new Subject<number>();
      const spy = { subscribe: () => (subscribed = true) };
      source.subscribe = (() => (spy.subscribe(), source.asObservable().subscribe())) as never;
      source.pipe(interruptOn(of(1))).subscribe({ error: (e) => errors.push(e) });
      expect(subscribed).toBe(false);
      expect(errors).toHaveLength(1);
    });
  });

  it.each([
    ['an AbortSignal', () => new AbortController().signal],
    ['a notifier', () => NEVER],
  ])('should not break unsubscription chains when the result is unsubscribed explicitly (%s)', (_name, make) => {
    const testScheduler = createTestScheduler();
    const interrupter = make();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--1-2-3-|');
      const unsub = '      -----!';
      const result = source.pipe(
        mergeMap((x) => of(x)),
        interruptOn(interrupter),
        mergeMap((x) => of(x)),
      );
      expectObservable(result, unsub).toBe('--1-2-');
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
    if (interrupter instanceof AbortSignal) expect(abortListeners(interrupter)).toBe(0);
  });
});

describe('interruptOn messages', () => {
  it('should name the notifier in the AbortError it makes', () => {
    const testScheduler = createTestScheduler();
    const errors: InterruptedError[] = [];
    testScheduler.run(({ cold, hot }) => {
      cold('-a-b')
        .pipe(interruptOn(hot('--x')))
        .subscribe({ error: (e) => errors.push(e) });
    });
    expect(errors[0].message).toBe('The notifier interrupted the wait');
  });
});
