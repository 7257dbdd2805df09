import type { ConditionContext } from '../types.js';
import { checkNumber, checkOptions, reject, withDefault } from '../internal/validate.js';

/** What one check of a resource saw. */
export interface CheckResult {
  /** The resource is ready. */
  readonly ready: boolean;
  /**
   * The check could not tell either way (a file check's `EACCES` or `ELOOP`): not ready,
   * and for {@link reversed} not gone either.
   */
  readonly unknown?: boolean;
  /** What was seen, for people: `HTTP 503`, `ECONNREFUSED`, `exit 1`, `missing`. */
  readonly detail: string;
}

/**
 * A readiness check of one resource. Call it as a condition (`pollUntil(check, ...)`):
 * it resolves `true` when the resource is ready and `false` when it is not, network and
 * system errors included, so the wait goes on. It rejects with a {@link CheckError} only
 * when retrying cannot help (a command that cannot be run), or with what a predicate of
 * yours throws. The context's `signal`
 * cancels the check's work (the request, the socket, the process group). Or call
 * {@link Check.probe} for what it saw.
 */
export interface Check {
  (context: Pick<ConditionContext, 'signal'>): Promise<boolean>;
  /** The resource, as given (`http://db:8080/health`, `tcp:db:5432`). */
  readonly label: string;
  /**
   * One check, with what it saw. Never rejects but with a {@link CheckError}, or with the
   * error that user code it calls throws (`httpCheck`'s `status`); a check still running
   * after `attemptTimeout` is abandoned (its work aborted) and resolves as not ready:
   * `no answer in 10s`. A signal that has aborted gives `{ ready: false, detail: 'aborted' }`.
   */
  probe(signal: AbortSignal): Promise<CheckResult>;
}

/** Options every check takes. */
export interface CheckOptions {
  /**
   * How long one check may take, in ms, before it is abandoned as "not ready" and its
   * work aborted; `Infinity` for no limit. A server that accepts and never answers so
   * cannot hold a wait forever. @default 10000
   */
  attemptTimeout?: number | undefined;
  /** The check's `label`, for reports. @default the resource as the check names it (`tcp:db:5432`) */
  label?: string | undefined;
}

/**
 * A check that retrying cannot fix: a command not found, or not executable. The wait
 * fails with it as the condition's own error (`isInterrupted(err)` is `false`).
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { CheckError, commandCheck } from 'rxjs-wait/checks';
 *
 * try {
 *   await firstValueFrom(pollUntil(commandCheck('pg_isready -h db'), { interval: 1000, timeout: 60_000 }));
 * } catch (err) {
 *   if (err instanceof CheckError) console.error(`${err.label}: ${err.message}`);
 * }
 * // Output, on a machine without the PostgreSQL client:
 * // cmd:pg_isready -h db: cannot run cmd:pg_isready -h db: /bin/sh: 1: pg_isready: not found
 * ```
 */
export class CheckError extends Error {
  /** `'CheckError'`. */
  override readonly name = 'CheckError';
  /**
   * @param label the resource, as the check's `label`.
   * @param message what went wrong.
   */
  constructor(
    readonly label: string,
    message: string,
  ) {
    super(message);
  }
}

/** The short code of a system error (`ECONNREFUSED`), else its message. */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** `10s`, `1.5s`, `250ms`: a limit as messages show it. */
function formatLimit(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * A {@link Check} from one probe of the resource: the probe under the options' time
 * limit, and the condition form on top of it. `fn` names the factory, for messages.
 */
export function makeCheck(
  fn: string,
  options: CheckOptions,
  label: string,
  run: (signal: AbortSignal) => Promise<CheckResult>,
): Check {
  checkOptions(options, fn);
  const limit = checkNumber(
    'attemptTimeout',
    withDefault(options.attemptTimeout, 10_000),
    (n) => n > 0,
    'a number > 0 (Infinity for none)',
  );
  const name = withDefault(options.label, label);
  if (typeof name !== 'string') reject(TypeError, 'label', 'a string', name);
  return fromProbe(name, (signal) => within(run, signal, limit));
}

function fromProbe(label: string, probe: (signal: AbortSignal) => Promise<CheckResult>): Check {
  const check = async ({ signal }: Pick<ConditionContext, 'signal'>) => (await probe(signal)).ready;
  return Object.assign(check, { label, probe });
}

const ABORTED: CheckResult = Object.freeze({ ready: false, detail: 'aborted' });

/** `run` without a time limit; still "aborted", whatever it says, once the caller has aborted. */
async function settled(run: (signal: AbortSignal) => Promise<CheckResult>, signal: AbortSignal) {
  const result = await run(signal);
  return signal.aborted ? ABORTED : result;
}

/** `run` abandoned after `limit` ms: its signal aborts with a `TimeoutError`. */
async function within(
  run: (signal: AbortSignal) => Promise<CheckResult>,
  signal: AbortSignal,
  limit: number,
): Promise<CheckResult> {
  // Every check alike: nothing is started for a caller that has already given up.
  if (signal.aborted) return ABORTED;
  // over setTimeout's 2^31 - 1 ms (24.8 days) Node would fire at once: no limit, in effect
  if (limit > 2_147_483_647) return settled(run, signal);
  const controller = new AbortController();
  const forward = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException('check timed out', 'TimeoutError')), limit);
  try {
    const result = await run(controller.signal);
    if (!controller.signal.aborted) return result;
    return signal.aborted ? ABORTED : { ready: false, detail: `no answer in ${formatLimit(limit)}` };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}

/**
 * The reverse of `check`: ready once the resource is no longer ready (a port that
 * closed, a URL that stopped answering 2xx, a file that is gone), never on a check that
 * could not tell. wait-on's and the CLI's `--reverse`.
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { reversed, tcpCheck } from 'rxjs-wait/checks';
 *
 * // until nothing listens on 8080 any more, e.g. after stopping a server
 * await firstValueFrom(pollUntil(reversed(tcpCheck('localhost', 8080)), { interval: 100, timeout: 5000 }));
 * ```
 *
 * @param check any check of this module.
 * @returns a check with the same label, ready when `check` says "not ready".
 */
export function reversed(check: Check): Check {
  if (typeof check !== 'function' || typeof check.probe !== 'function') {
    reject(TypeError, 'check', 'a check of rxjs-wait/checks', check);
  }
  return fromProbe(check.label, async (signal) => {
    const result = await check.probe(signal);
    if (result.unknown === true) return result;
    return { ready: !result.ready, detail: result.ready ? `still ${result.detail}` : `gone (${result.detail})` };
  });
}
