import type { Observable } from 'rxjs';
import { Subscription, asyncScheduler, catchError, map, merge, of } from 'rxjs';
import type { AttemptInfo, Condition } from '../index.js';
import { exponentialBackoff, isDeadlineExceeded, isInterrupted, pollUntil } from '../index.js';
import type { CliOptions } from './args.js';
import { formatDuration } from './duration.js';
import type { Outcome, Reporter } from './report.js';
import type { CheckResult } from '../checks/index.js';
import { describeFailure } from './resource.js';

/** Exit codes, as coreutils `timeout` and shells use them. */
export const EXIT = { ready: 0, failed: 1, usage: 2, timeout: 124, sigint: 130, sigterm: 143 } as const;

/** The library wait for one resource: a fixed-interval poll, or an exponential backoff. */
function waitFor(
  condition: Condition,
  onAttempt: (info: AttemptInfo) => void,
  options: CliOptions,
  signal: AbortSignal,
): Observable<void> {
  const { interval, timeout, immediate, backoff } = options;
  if (backoff === undefined) return pollUntil(condition, { interval, timeout, immediate, signal, onAttempt });
  return exponentialBackoff(condition, {
    duration: interval,
    factor: backoff.factor,
    cap: backoff.cap,
    jitter: backoff.jitter,
    steps: Infinity, // no count: the deadline (or a signal) ends the wait
    immediate,
    timeout,
    signal,
    onAttempt,
  });
}

type Event = { index: number; ok: true } | { index: number; ok: false; error: Error };

/**
 * Waits for the resources as the options say, reporting as it goes. Resolves with the
 * outcome (and its exit code); never rejects. `signal` aborts the whole wait;
 * `abortExitCode` is the exit code to use when it does.
 */
export function runWaits(
  options: CliOptions,
  reporter: Reporter,
  signal: AbortSignal,
  abortExitCode: () => number,
): Promise<Outcome> {
  const now = () => asyncScheduler.now();
  const start = now();
  const elapsed = () => now() - start;
  const { resources } = options;
  reporter.start(
    resources.map((r) => r.label),
    options.timeout,
  );

  const lastResult: CheckResult[] = resources.map(() => ({ ready: false, detail: 'no answer yet' }));
  // --stable: when each resource was first seen ready in its current streak
  const readySince: (number | undefined)[] = resources.map(() => undefined);
  const isReady: boolean[] = resources.map(() => false);
  const waits = resources.map((resource, index) => {
    // The condition only checks; progress comes from the wait's own onAttempt hook.
    const condition: Condition = async ({ signal: attemptSignal }) => {
      let result = await resource.probe(attemptSignal);
      if (attemptSignal.aborted) return false; // the wait is over: ignore
      if (!result.ready) readySince[index] = undefined;
      else if (options.stable > 0) {
        const since = (readySince[index] ??= now());
        const held = now() - since;
        if (held < options.stable) {
          result = {
            ready: false,
            detail: `${result.detail}, stable ${formatDuration(held)} of ${formatDuration(options.stable)}`,
          };
        }
      }
      lastResult[index] = result;
      return result.ready;
    };
    const onAttempt = (info: AttemptInfo) => {
      if (info.outcome !== 'error') reporter.attempt(index, info.attempt, lastResult[index], elapsed(), info.nextDelay);
    };
    return waitFor(condition, onAttempt, options, signal).pipe(
      map((): Event => ({ index, ok: true })),
      catchError((error: unknown) => {
        if (isInterrupted(error)) throw error;
        return of<Event>({
          index,
          ok: false,
          error: error instanceof Error ? error : new Error(describeFailure(error)),
        });
      }),
    );
  });

  return new Promise<Outcome>((resolve) => {
    let readyCount = 0;
    let failedCount = 0;
    const finish = (outcome: Omit<Outcome, 'elapsed'>) => {
      const result = { ...outcome, elapsed: elapsed() };
      subscription.unsubscribe();
      reporter.finish(result);
      resolve(result);
    };
    let done = false;
    // Made first so that finish() can end it even while merge() is still subscribing.
    const subscription = new Subscription();
    subscription.add(
      merge(...waits).subscribe({
        next: (event) => {
          if (done) return;
          if (event.ok) {
            readyCount += 1;
            isReady[event.index] = true;
            reporter.ready(event.index, elapsed());
            if (options.any || readyCount === resources.length) {
              done = true;
              finish({ kind: 'ready', exitCode: EXIT.ready });
            }
            return;
          }
          failedCount += 1;
          reporter.fatal(event.index, event.error.message, elapsed());
          if (!options.any || failedCount === resources.length) {
            done = true;
            finish({ kind: 'failed', exitCode: EXIT.failed, message: event.error.message });
          }
        },
        error: (error: unknown) => {
          if (done) return;
          done = true;
          const waiting = resources
            .map((r, i) => (isReady[i] ? '' : `${r.label} (${lastResult[i].detail})`))
            .filter(Boolean)
            .join(', ');
          if (isDeadlineExceeded(error)) {
            const limit = formatDuration(options.timeout);
            finish({
              kind: 'timeout',
              exitCode: EXIT.timeout,
              message: `timed out after ${limit}; not ready: ${waiting}`,
            });
          } else {
            const cause = describeFailure((error as Error).cause ?? error);
            finish({ kind: 'interrupted', exitCode: abortExitCode(), message: `${cause}; not ready: ${waiting}` });
          }
        },
      }),
    );
  });
}
