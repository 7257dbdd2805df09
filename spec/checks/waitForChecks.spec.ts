import { firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { InterruptedError } from '../../src/index';
import { isCanceled, isDeadlineExceeded, isInterrupted } from '../../src/index';
import type { Check, CheckAttemptInfo, CheckResult, CheckResults } from '../../src/checks/index';
import { CheckError, commandCheck, httpCheck, tcpCheck, waitForChecks } from '../../src/checks/index';
import { runSettled } from '../../src/testing';
import { abortListeners } from '../helpers';
import { closedPort, httpServer, tcpServer } from './support';

/** A check that answers `answers` in turn (then the last one forever), recording each probe's signal. */
function scripted(label: string, answers: CheckResult[]): Check & { signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  let n = 0;
  const probe = async (signal: AbortSignal) => (signals.push(signal), answers[Math.min(n++, answers.length - 1)]!);
  const check = async ({ signal }: { signal: AbortSignal }) => (await probe(signal)).ready;
  return Object.assign(check, { label, probe, signals });
}

const up = (detail: string): CheckResult => ({ ready: true, detail });
const down = (detail: string): CheckResult => ({ ready: false, detail });
const newTestScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('waitForChecks', () => {
  it('should emit every last result, by name, once all are ready', async () => {
    const testScheduler = newTestScheduler();
    await runSettled(testScheduler, ({ expectObservable }) => {
      const db = scripted('tcp:db:5432', [down('ECONNREFUSED'), up('connected')]);
      const api = scripted('http://api/health', [down('HTTP 503'), down('HTTP 503'), up('HTTP 200')]);
      const wait = waitForChecks({ db, api }, { interval: 10, timeout: 100, scheduler: testScheduler });
      expectObservable(wait).toBe('20ms (r|)', { r: { db: up('connected'), api: up('HTTP 200') } });
    });
  });

  it('should name each check not ready, with what it last said, on the deadline; and stop them all', async () => {
    const testScheduler = newTestScheduler();
    const db = scripted('db', [down('ECONNREFUSED'), up('connected')]);
    const api = scripted('api', [down('HTTP 503')]);
    const cache = scripted('cache', [down('ECONNREFUSED')]);
    let error: unknown;
    await runSettled(testScheduler, () => {
      waitForChecks({ db, api, cache }, { interval: 10, timeout: 35, scheduler: testScheduler }).subscribe({
        error: (e: unknown) => (error = e),
      });
    });
    expect(isDeadlineExceeded(error)).toBe(true);
    expect((error as Error).message).toBe(
      'The wait timed out after 35 ms; not ready: api (HTTP 503), cache (ECONNREFUSED)',
    );
    expect((error as InterruptedError<CheckResults>).lastValue).toEqual({
      db: up('connected'),
      api: down('HTTP 503'),
      cache: down('ECONNREFUSED'),
    });
    // db stopped once ready; api and cache until the deadline: 0, 10, 20, 30
    expect([db.signals.length, api.signals.length, cache.signals.length]).toEqual([2, 4, 4]);
    expect(api.signals.every((s) => s.aborted) && cache.signals.every((s) => s.aborted)).toBe(true);
    expect(testScheduler.actions).toHaveLength(0);
  });

  it('should be ready with the first check that is, with any: true, and stop the others', async () => {
    const testScheduler = newTestScheduler();
    const a = scripted('a', [down('no'), down('no'), up('yes')]);
    const b = scripted('b', [down('no'), up('yes')]);
    await runSettled(testScheduler, ({ expectObservable }) => {
      const wait = waitForChecks([a, b], { interval: 10, any: true, scheduler: testScheduler });
      expectObservable(wait).toBe('10ms (r|)', { r: { a: down('no'), b: up('yes') } });
    });
    expect(a.signals).toHaveLength(2);
    expect(a.signals.every((s) => s.aborted)).toBe(true);
  });

  it('should tell onAttempt which check, what it saw and when the next comes', async () => {
    const testScheduler = newTestScheduler();
    const infos: CheckAttemptInfo[] = [];
    await runSettled(testScheduler, () => {
      const db = scripted('db', [down('ECONNREFUSED'), up('connected')]);
      waitForChecks({ db }, { interval: 10, scheduler: testScheduler, onAttempt: (i) => infos.push(i) }).subscribe();
    });
    expect(infos).toEqual([
      { name: 'db', attempt: 1, elapsed: 0, outcome: 'not-done', result: down('ECONNREFUSED'), nextDelay: 10 },
      { name: 'db', attempt: 2, elapsed: 10, outcome: 'done', result: up('connected') },
    ]);
  });

  it('should end the whole wait with what onAttempt throws, even with any: true', async () => {
    const testScheduler = newTestScheduler();
    const thrown = new Error('hook broke');
    const others = scripted('other', [down('no')]);
    await runSettled(testScheduler, ({ expectObservable }) => {
      const wait = waitForChecks([scripted('a', [down('no')]), others], {
        interval: 10,
        any: true,
        scheduler: testScheduler,
        onAttempt: (info) => {
          if (info.name === 'a' && info.attempt === 2) throw thrown;
        },
      });
      expectObservable(wait).toBe('10ms #', undefined, thrown);
    });
    expect(others.signals.every((s) => s.aborted)).toBe(true);
  });

  it('should leave out a check that fails with any: true, and fail once all have', async () => {
    const testScheduler = newTestScheduler();
    const broken = new Error('cannot run');
    const failing = (label: string): Check => {
      const probe = () => Promise.reject(broken);
      return Object.assign(async () => false, { label, probe });
    };
    await runSettled(testScheduler, ({ expectObservable }) => {
      const one = waitForChecks([failing('x'), scripted('y', [down('no'), up('yes')])], {
        interval: 10,
        any: true,
        scheduler: testScheduler,
      });
      expectObservable(one).toBe('10ms (r|)', { r: { y: up('yes') } });
      const all = waitForChecks([failing('x'), failing('z')], { interval: 10, any: true, scheduler: testScheduler });
      expectObservable(all).toBe('#', undefined, broken);
    });
  });

  it('should end at once on an abort, naming the checks not ready', async () => {
    const controller = new AbortController();
    const reason = new DOMException('shutting down', 'AbortError');
    const testScheduler = newTestScheduler();
    let error: unknown;
    await runSettled(testScheduler, () => {
      const db = scripted('db', [down('ECONNREFUSED')]);
      waitForChecks({ db }, { interval: 10, signal: controller.signal, scheduler: testScheduler }).subscribe({
        error: (e: unknown) => (error = e),
      });
      testScheduler.schedule(() => controller.abort(reason), 15);
    });
    expect(isCanceled(error)).toBe(true);
    expect((error as InterruptedError).cause).toBe(reason);
    expect((error as Error).message).toBe('shutting down; not ready: db (ECONNREFUSED)');
    const aborted = new AbortController();
    aborted.abort(reason);
    const early = await firstValueFrom(
      waitForChecks({ db: scripted('db', [up('x')]) }, { interval: 10, signal: aborted.signal }),
    ).catch((e: unknown) => e);
    expect((early as Error).message).toBe('shutting down; not ready: db (no answer yet)');
  });

  it('should be interrupted when one check runs out of backoff steps', async () => {
    const testScheduler = newTestScheduler();
    let error: unknown;
    await runSettled(testScheduler, () => {
      waitForChecks(
        { db: scripted('db', [down('ECONNREFUSED')]) },
        { backoff: { duration: 10, factor: 2, steps: 3 }, scheduler: testScheduler },
      ).subscribe({ error: (e: unknown) => (error = e) });
    });
    expect(isInterrupted(error)).toBe(true);
    expect((error as InterruptedError).cause).toBeUndefined();
    expect((error as Error).message).toBe('timed out waiting for the condition; not ready: db (ECONNREFUSED)');
  });

  it('should refuse what cannot be waited for, at call time', () => {
    expect(() => waitForChecks({}, { interval: 10 })).toThrow(/`checks` to be at least one check/);
    expect(() => waitForChecks(null as never, { interval: 10 })).toThrow(
      new TypeError('Expected `checks` to be a record or an array of checks, got null'),
    );
    expect(() => waitForChecks('db' as never, { interval: 10 })).toThrow(
      new TypeError('Expected `checks` to be a record or an array of checks, got "db"'),
    );
    // an array's entry by its place: what is not a check has no label to name it by
    expect(() => waitForChecks([null] as never, { interval: 10 })).toThrow(
      new TypeError('Expected `checks[0]` to be a check of rxjs-wait/checks, got null'),
    );
    expect(() => waitForChecks({ db: (() => true) as never }, { interval: 10 })).toThrow(
      new TypeError('Expected `checks["db"]` to be a check of rxjs-wait/checks, got a function'),
    );
    const same = scripted('same', [up('x')]);
    expect(() => waitForChecks([same, same], { interval: 10 })).toThrow(
      new TypeError('Expected `checks` to be checks with different names ("same" twice), got an array'),
    );
    expect(() => waitForChecks({ same }, null as never)).toThrow(
      new TypeError('Expected the options of `waitForChecks` to be an object, got null'),
    );
    expect(() => waitForChecks({ same }, { interval: 1, any: 'yes' as never })).toThrow(
      new TypeError('Expected `any` to be a boolean, got "yes"'),
    );
    expect(() => waitForChecks({ same }, { interval: 1, signal: {} as never })).toThrow(
      new TypeError('Expected `signal` to be an AbortSignal, got an object'),
    );
    expect(() => waitForChecks({ same }, { interval: 1, onAttempt: 5 as never })).toThrow(
      new TypeError('Expected `onAttempt` to be a function, got 5'),
    );
    expect(() => waitForChecks({ same }, { interval: -1 })).toThrow(
      new RangeError('Expected `interval` to be a finite number >= 0, got -1'),
    );
    expect(() => waitForChecks({ same }, { interval: 1, timeout: NaN })).toThrow(/`timeout`/);
  });

  it("should leave no listener on the caller's signal, whatever the outcome", async () => {
    const testScheduler = newTestScheduler();
    const signal = new AbortController().signal;
    const outcomes: string[] = [];
    await runSettled(testScheduler, () => {
      const options = { interval: 10, timeout: 30, signal, scheduler: testScheduler };
      const record = (name: string) => ({ complete: () => outcomes.push(name), error: () => outcomes.push(name) });
      waitForChecks({ db: scripted('db', [up('connected')]) }, options).subscribe(record('ready'));
      waitForChecks({ db: scripted('db', [down('ECONNREFUSED')]) }, options).subscribe(record('deadline'));
      const failing = Object.assign(scripted('db', []), { probe: () => Promise.reject(new CheckError('db', 'no')) });
      waitForChecks({ db: failing }, options).subscribe(record('failed'));
      waitForChecks({ db: scripted('db', [down('ECONNREFUSED')]) }, options)
        .subscribe(record('x'))
        .unsubscribe();
      expect(abortListeners(signal)).toBe(3);
    });
    expect(outcomes.sort()).toEqual(['deadline', 'failed', 'ready']);
    expect(abortListeners(signal)).toBe(0);
  });

  it("should start no other check once the first one's attempt has ended the wait, and stop that one", async () => {
    // the caller's signal aborts from inside the first check's first attempt (immediate):
    // the wait ends there, and the second check is never subscribed, let alone probed
    const controller = new AbortController();
    let firstSignal: AbortSignal | undefined;
    const first = Object.assign(scripted('first', []), {
      probe: (signal: AbortSignal) => {
        firstSignal = signal;
        controller.abort('stop');
        return new Promise<CheckResult>(() => {});
      },
    });
    const second = scripted('second', [up('x')]);
    let error: unknown;
    waitForChecks([first, second], { interval: 10, immediate: true, signal: controller.signal }).subscribe({
      error: (e: unknown) => (error = e),
    });
    expect(isInterrupted(error)).toBe(true);
    expect((error as InterruptedError).cause).toBe('stop');
    expect((error as Error).message).toBe(
      'timed out waiting for the condition; not ready: first (no answer yet), second (no answer yet)',
    );
    expect(firstSignal!.aborted).toBe(true);
    expect(second.signals).toEqual([]);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('should keep what a check last said when its next attempt fails (any: the others go on)', async () => {
    const testScheduler = newTestScheduler();
    let n = 0;
    const flaky = Object.assign(scripted('flaky', []), {
      probe: () => (n++ === 0 ? Promise.resolve(down('HTTP 503')) : Promise.reject(new CheckError('flaky', 'gone'))),
    });
    const never = scripted('never', [down('ECONNREFUSED')]);
    const silent = Object.assign(scripted('silent', []), {
      probe: () => Promise.reject(new CheckError('silent', 'no')),
    });
    let error: unknown;
    await runSettled(testScheduler, () => {
      waitForChecks(
        { flaky, never, silent },
        { interval: 10, timeout: 50, any: true, scheduler: testScheduler },
      ).subscribe({ error: (e: unknown) => (error = e) });
    });
    expect((error as Error).message).toBe(
      'The wait timed out after 50 ms; not ready: flaky (HTTP 503), never (ECONNREFUSED), silent (no answer yet)',
    );
    expect(Object.keys((error as InterruptedError<CheckResults>).lastValue!).sort()).toEqual(['flaky', 'never']);
  });

  describe('against real servers and commands', () => {
    it('should wait for a port and an HTTP endpoint under one deadline', async () => {
      const { port } = await tcpServer();
      let requests = 0;
      const { base } = await httpServer((_, res) => res.writeHead(++requests < 3 ? 503 : 200).end());
      const results = await firstValueFrom(
        waitForChecks(
          { db: tcpCheck('127.0.0.1', port), api: httpCheck(`${base}/health`) },
          { interval: 20, timeout: 5000 },
        ),
      );
      expect(results.api).toEqual(up('HTTP 200'));
      expect(results.db!.ready).toBe(true);
      expect(requests).toBe(3);
    });

    it('should fail with a CheckError as it is, and stop a check still running', async () => {
      const closed = await closedPort();
      const error = await firstValueFrom(
        waitForChecks(
          { db: tcpCheck('127.0.0.1', closed), broken: commandCheck(['/nonexistent/rxjs-wait-test']) },
          { interval: 20, timeout: 5000 },
        ),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckError);
      expect(isInterrupted(error)).toBe(false);
    });
  });
});
