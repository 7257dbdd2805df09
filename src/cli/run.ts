import { asyncScheduler, concatWith, fromEvent, ignoreElements, of, takeUntil, timer } from 'rxjs';
import type { InterruptedError } from '../index.js';
import { isDeadlineExceeded, isInterrupted } from '../index.js';
import type { Check, CheckAttemptInfo, CheckResult, CheckResults, WaitForChecksOptions } from '../checks/index.js';
import { waitForChecks } from '../checks/index.js';
import type { CliOptions } from './args.js';
import { formatDuration } from './duration.js';
import type { Outcome, Reporter } from './report.js';
import { describeFailure } from './resource.js';

/** Exit codes, as coreutils `timeout` and shells use them. */
export const EXIT = { ready: 0, failed: 1, usage: 2, timeout: 124, sigint: 130, sigterm: 143 } as const;

/** Emits once `signal` aborts (at once when it already has). */
const aborted = (signal: AbortSignal) => (signal.aborted ? of(signal.reason) : fromEvent(signal, 'abort'));

/** The schedule of every resource: a fixed-interval poll, or an exponential backoff. */
function schedule(options: CliOptions): WaitForChecksOptions {
  const { interval, timeout, immediate, backoff, any } = options;
  if (backoff === undefined) return { interval, timeout, immediate, any };
  const { factor, cap, jitter } = backoff;
  // no count: the deadline (or a signal) ends the wait
  return { backoff: { duration: interval, factor, cap, jitter, steps: Infinity }, timeout, immediate, any };
}

/**
 * `check`, ready only after `stable` ms of ready checks in a row that all say the same
 * (`--stable`): a file must also keep its size, as wait-on's `--window` asks. A shorter
 * streak says how far it got.
 */
function stableCheck(check: Check, stable: number, now: () => number): Check {
  if (stable <= 0) return check;
  let readySince: number | undefined;
  let said: string | undefined;
  const probe = async (signal: AbortSignal): Promise<CheckResult> => {
    const result = await check.probe(signal);
    if (!result.ready || result.detail !== said) readySince = undefined;
    said = result.ready ? result.detail : undefined;
    if (!result.ready) return result;
    const held = now() - (readySince ??= now());
    if (held >= stable) return result;
    return { ready: false, detail: `${result.detail}, stable ${formatDuration(held)} of ${formatDuration(stable)}` };
  };
  const condition = async ({ signal }: { signal: AbortSignal }) => (await probe(signal)).ready;
  return Object.assign(condition, { label: check.label, probe });
}

/**
 * Waits for the resources as the options say, reporting as it goes: one `waitForChecks`
 * of `rxjs-wait/checks`, named by index. Resolves with the outcome (and its exit code);
 * never rejects. `signal` aborts the whole wait; `abortExitCode` is the exit code to use
 * when it does.
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
  const checks = Object.fromEntries(resources.map((check, i) => [String(i), stableCheck(check, options.stable, now)]));
  const onAttempt = (info: CheckAttemptInfo) => {
    const index = Number(info.name);
    if (info.outcome === 'error') {
      reporter.fatal(index, describeFailure(info.error), elapsed());
      return;
    }
    reporter.attempt(index, info.attempt, info.result!, elapsed(), info.nextDelay);
    if (info.outcome === 'done') reporter.ready(index, elapsed());
  };
  /** `label (what it last said)` for each resource not ready. */
  const notReady = (last: CheckResults | undefined) =>
    resources
      .map((r, i) => {
        const result = last?.[String(i)];
        return result?.ready === true ? '' : `${r.label} (${result?.detail ?? 'no answer yet'})`;
      })
      .filter(Boolean)
      .join(', ');

  return new Promise<Outcome>((resolve) => {
    const finish = (outcome: Omit<Outcome, 'elapsed'>) => {
      const result = { ...outcome, elapsed: elapsed() };
      reporter.finish(result);
      resolve(result);
    };
    // --delay: the first check comes this much later, and the deadline stays where it was
    const { delay } = options;
    const waitFor = { ...schedule(options), signal, onAttempt };
    if (delay > 0) waitFor.timeout = (waitFor.timeout ?? Infinity) - delay;
    const wait = waitForChecks(checks, waitFor);
    (delay > 0 ? timer(delay).pipe(takeUntil(aborted(signal)), ignoreElements(), concatWith(wait)) : wait).subscribe({
      complete: () => finish({ kind: 'ready', exitCode: EXIT.ready }),
      error: (error: unknown) => {
        if (!isInterrupted(error)) {
          finish({ kind: 'failed', exitCode: EXIT.failed, message: describeFailure(error) });
          return;
        }
        const waiting = notReady((error as InterruptedError<CheckResults>).lastValue);
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
    });
  });
}
