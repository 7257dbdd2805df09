import { firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { InterruptedError } from '../../src/index';
import { isCanceled, isDeadlineExceeded, isInterrupted } from '../../src/index';
import type { Check, CheckAttemptInfo, CheckResult, CheckResults } from '../../src/checks/index';
import { CheckError, commandCheck, httpCheck, tcpCheck, waitForChecks } from '../../src/checks/index';
import { runSettled } from '../../src/testing';
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
    expect(() => waitForChecks(null as never, { interval: 10 })).toThrow(TypeError);
    expect(() => waitForChecks({ db: (() => true) as never }, { interval: 10 })).toThrow(
      new TypeError('Expected `checks["db"]` to be a check of rxjs-wait/checks, got a function'),
    );
    const same = scripted('same', [up('x')]);
    expect(() => waitForChecks([same, same], { interval: 10 })).toThrow(/"same" twice/);
    expect(() => waitForChecks({ same }, { interval: -1 })).toThrow(
      new RangeError('Expected `interval` to be a finite number >= 0, got -1'),
    );
    expect(() => waitForChecks({ same }, { interval: 1, timeout: NaN })).toThrow(/`timeout`/);
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
