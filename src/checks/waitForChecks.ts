import type { Observable as ObservableType } from 'rxjs';
import { Observable, Subscription } from 'rxjs';
// The core from its public entry: the checks bundle imports the core bundle rather than
// carrying a second copy of the loop (and of InterruptedError, for `instanceof`).
import type { AttemptInfo, PollValueOptions } from '../index.js';
import { InterruptedError, isInterrupted, pollValue } from '../index.js';
import {
  checkBoolean,
  checkFunction,
  checkOptions,
  checkSignal,
  checkTimeout,
  reject,
  withDefault,
} from '../internal/validate.js';
import type { Check, CheckResult } from './check.js';

/** What {@link waitForChecks} tells `onAttempt`: the attempt, and which check it was. */
export interface CheckAttemptInfo extends AttemptInfo {
  /** The check's name: its key in the record, or its `label` in an array. */
  name: string;
  /** What the check saw (absent when the attempt failed with an error). */
  result?: CheckResult;
}

/** Options of {@link waitForChecks}: the schedule of each check, and one deadline and signal for all. */
export interface WaitForChecksOptions extends Omit<PollValueOptions, 'emit' | 'onAttempt' | 'timeout'> {
  /** One deadline for all the checks, in ms from subscription. @default Infinity (none) */
  timeout?: number | undefined;
  /**
   * Ready as soon as one check is (the others are then stopped); a check that fails with
   * an error is then left out, and the wait fails only once every check has.
   * @default false: all of them, and the first error fails the wait
   */
  any?: boolean | undefined;
  /** Called after every attempt of every check, with its name and what it saw. */
  onAttempt?: ((info: CheckAttemptInfo) => void) | undefined;
}

/** The last result of each check, by name: what {@link waitForChecks} emits, and an interruption's `lastValue`. */
export type CheckResults = Record<string, CheckResult>;

/**
 * Waits for several checks at once, under **one** `timeout` and `signal`: emits each
 * check's last result, by name, once all are ready (or one, with `any`), then completes.
 * Each check runs on its own schedule (`interval` or `backoff`, as `pollValue` takes).
 * A check that cannot work at all (a `CheckError`) fails the whole wait with that error
 * and stops the others (with `any`, once every check has failed so). On the deadline or an abort, the `InterruptedError` names every
 * check not ready with what it last said (`db (ECONNREFUSED), api (HTTP 503)`), and its
 * `lastValue` holds every check's last result. Nothing runs on after the outcome: each
 * check's work is aborted and every timer cleared.
 *
 * ```text
 * waitForChecks({ db, api }, { interval: 100, timeout: 1000 }), db ready at 200, api never:
 * result:  1000ms #   (# = InterruptedError: "... not ready: api (HTTP 503)")
 * ```
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { httpCheck, tcpCheck, waitForChecks } from 'rxjs-wait/checks';
 *
 * const results = await firstValueFrom(
 *   waitForChecks({ db: tcpCheck('localhost', 5432), api: httpCheck('http://localhost:8080/health') }, { interval: 250, timeout: 30_000 }),
 * );
 * console.log(results.api.detail);
 * // Output, once both are up:
 * // HTTP 200
 * // On the deadline instead, the error's message ends with what was late:
 * // The wait timed out after 30000 ms; not ready: api (ECONNREFUSED)
 * ```
 *
 * @param checks a record of named checks, or an array (named by each check's `label`).
 * @param options `interval` or `backoff`, `sliding`, `immediate`, `timeout`, `signal`, `any`,
 *   `onAttempt`, `scheduler`, `random`.
 * @returns an Observable of the last result of every check, once they are ready.
 */
export function waitForChecks(
  checks: Readonly<Record<string, Check>> | readonly Check[],
  options: WaitForChecksOptions,
): ObservableType<CheckResults> {
  if (typeof checks !== 'object' || checks === null)
    reject(TypeError, 'checks', 'a record or an array of checks', checks);
  const list = Array.isArray(checks);
  const entries: [string, Check][] = list
    ? (checks as readonly Check[]).map((check) => [check?.label, check])
    : Object.entries(checks);
  if (entries.length === 0) reject(TypeError, 'checks', 'at least one check', checks);
  const seenNames = new Set<string>();
  for (const [index, [name, check]] of entries.entries()) {
    if (typeof check !== 'function' || typeof check.probe !== 'function') {
      // an array's entries by place (a non-check has no label), a record's by key
      reject(TypeError, `checks[${list ? index : JSON.stringify(name)}]`, 'a check of rxjs-wait/checks', check);
    }
    if (seenNames.has(name))
      reject(TypeError, 'checks', `checks with different names (${JSON.stringify(name)} twice)`, checks);
    seenNames.add(name);
  }
  checkOptions(options, 'waitForChecks');
  const timeout = checkTimeout('timeout', withDefault(options.timeout, Infinity));
  const any = checkBoolean('any', withDefault(options.any, false));
  const signal = checkSignal('signal', options.signal);
  const onAttempt =
    options.onAttempt === undefined
      ? undefined
      : checkFunction<(info: CheckAttemptInfo) => void>('onAttempt', options.onAttempt);
  const names = entries.map(([name]) => name);
  // each check's schedule, validated now (pollValue throws at call time)
  // The deadline goes to every check's wait (they start together, so it is one instant),
  // which keeps the loop's rules: its clock, and no `nextDelay` for an attempt the deadline
  // would pre-empt. The first to reach it interrupts them all.
  const schedule = { ...options, timeout, any: undefined, onAttempt: undefined, signal: undefined };
  // `hookErrors`: what the caller's onAttempt threw, which ends the whole wait even with `any`
  const build = (name: string, check: Check, results: CheckResults, hookErrors: Set<unknown>) =>
    pollValue(
      ({ signal: attemptSignal }) => check.probe(attemptSignal),
      (result) => result.ready,
      {
        ...schedule,
        onAttempt: (info) => {
          if (info.result !== undefined) results[name] = info.result as CheckResult;
          try {
            onAttempt?.({ ...info, name } as CheckAttemptInfo);
          } catch (error) {
            hookErrors.add(error);
            throw error;
          }
        },
      },
    );
  // validates the schedule options once, at call time
  build(names[0]!, entries[0]![1], {}, new Set());

  return new Observable<CheckResults>((subscriber) => {
    const results: CheckResults = {};
    const ready = new Set<string>();
    const failed = new Set<string>();
    const hookErrors = new Set<unknown>();
    // every check's wait; once it is closed, one added (a check subscribed while an
    // earlier one ended the wait, from inside its first attempt) is unsubscribed at once,
    // and no wait calls back after its unsubscribe: no outcome comes twice
    const subscriptions = new Subscription();
    const end = () => {
      subscriptions.unsubscribe();
      signal?.removeEventListener('abort', forward);
    };
    const interrupt = (cause: unknown, attempts?: number) => {
      const late = names.filter((name) => !ready.has(name));
      const error = new InterruptedError<CheckResults>(cause, attempts);
      const said = late.map((name) => `${name} (${results[name]?.detail ?? 'no answer yet'})`).join(', ');
      error.message = `${error.message}; not ready: ${said}`;
      error.lastValue = { ...results };
      end();
      subscriber.error(error);
    };
    const forward = () => interrupt(signal!.reason);
    if (signal?.aborted) {
      forward();
      return end;
    }
    signal?.addEventListener('abort', forward);
    for (const [name, check] of entries) {
      if (subscriptions.closed) break;
      const subscription = build(name, check, results, hookErrors).subscribe({
        next: (result) => {
          results[name] = result;
          ready.add(name);
          if (any || ready.size === names.length) {
            const all = { ...results };
            end();
            subscriber.next(all);
            subscriber.complete();
          }
        },
        error: (error: unknown) => {
          if (isInterrupted(error)) {
            // the deadline, or this check's own steps ran out (a backoff's `steps`): the
            // whole wait is interrupted
            const { cause, attempts } = error as InterruptedError;
            interrupt(cause, attempts);
            return;
          }
          failed.add(name);
          // with `any`, the others may still be ready; not when the caller's own hook threw
          if (any && failed.size < names.length && !hookErrors.has(error)) return;
          end();
          subscriber.error(error);
        },
      });
      subscriptions.add(subscription);
    }
    return end;
  });
}
