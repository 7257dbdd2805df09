/**
 * Type-level tests, checked by `tsc --noEmit` (part of `npm test`), never run.
 * Each `@ts-expect-error` fails the compile if the line below it stops being an error.
 */
import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import { VirtualTimeScheduler, asyncScheduler, of } from 'rxjs';
import type { Backoff, Condition, ConditionContext, PollOptions } from '../../src';
import {
  DEFAULT_RETRY,
  InterruptedError,
  backoffRetry,
  exponentialBackoff,
  pollImmediate,
  pollUntil,
  pollValue,
  repeatUntil,
  stepBackoff,
  until,
} from '../../src';
import { TestScheduler } from 'rxjs/testing';
import { flushSettled, runSettled, sequenceRandom } from '../../src/testing';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

// Conditions: sync, Promise and Observable booleans, with the context.
const sync: Condition = ({ attempt }) => attempt > 2;
const promised: Condition = async ({ signal }) => !signal.aborted;
const observed: Condition = () => of(true);
assertType<Equals<ConditionContext['attempt'], number>>();
assertType<Equals<ReturnType<typeof pollUntil>, Observable<void>>>();

pollUntil(sync, { interval: 10 });
pollUntil(promised, {
  interval: 10,
  timeout: 100,
  immediate: true,
  sliding: true,
  signal: new AbortController().signal,
});
pollImmediate(observed, { interval: 10 });

// @ts-expect-error a condition must answer with a boolean
pollUntil(() => 'yes', { interval: 10 });
// @ts-expect-error `interval` is required
pollUntil(sync, {});
// @ts-expect-error options are required
pollUntil(sync);
// @ts-expect-error pollImmediate has no `immediate` option
pollImmediate(sync, { interval: 10, immediate: false });
// @ts-expect-error durations are numbers, not strings
pollUntil(sync, { interval: '1s' });

const pollOptions: PollOptions = { interval: 5 };
pollUntil(sync, pollOptions);

// Backoff
exponentialBackoff(sync, { duration: 10, factor: 2, steps: 5, cap: 100, jitter: 0.1, random: () => 0.5 });
// @ts-expect-error exponentialBackoff needs `steps`
exponentialBackoff(sync, { duration: 10 });
const step = stepBackoff({ duration: 1 });
assertType<Equals<typeof step.delay, number>>();
const next: Backoff = step.next;
void next;

// backoffRetry keeps the source's type
const retried = of(1, 2).pipe(
  backoffRetry({ ...DEFAULT_RETRY, shouldRetry: (error, attempt) => attempt < 3 && error instanceof Error }),
);
assertType<Equals<typeof retried, Observable<number>>>();
const operator: MonoTypeOperatorFunction<string> = backoffRetry({ duration: 1, steps: 2 });
void operator;
// @ts-expect-error shouldRetry must return a boolean
backoffRetry({ duration: 1, steps: 2, shouldRetry: () => 'yes' });

// repeatUntil's predicate sees the source's values
const job$ = of({ state: 'running' as 'running' | 'done' });
const finished = job$.pipe(repeatUntil((job, attempt) => job.state === 'done' || attempt > 10, { interval: 1000 }));
assertType<Equals<typeof finished, Observable<{ state: 'running' | 'done' }>>>();
// @ts-expect-error the predicate's value is typed
job$.pipe(repeatUntil((job) => job.missing === 1, { interval: 1000 }));

// until unwraps Promise and Observable results
assertType<Equals<ReturnType<typeof until<number>>, Observable<number>>>();
const fromPromise = until(async () => 42, { period: 1000 });
assertType<Equals<typeof fromPromise, Observable<number>>>();
const fromObservable = until(() => of('x'), { period: 1000 });
assertType<Equals<typeof fromObservable, Observable<string>>>();
// @ts-expect-error until needs `period`
until(() => 1, { interval: 1000 });

// Errors
const err = new InterruptedError(new DOMException('x', 'TimeoutError'), 3);
assertType<Equals<typeof err.attempts, number | undefined>>();
assertType<Equals<typeof err.name, 'InterruptedError'>>();

// rxjs-wait/testing
assertType<Equals<ReturnType<typeof sequenceRandom>, () => number>>();
assertType<Equals<ReturnType<typeof flushSettled>, Promise<void>>>();
void flushSettled(new VirtualTimeScheduler(), { limit: 10 });
// @ts-expect-error flushSettled needs a VirtualTimeScheduler
void flushSettled(asyncScheduler);
const settledNumber: Promise<number> = runSettled(new TestScheduler(() => undefined), async () => 1);
void settledNumber;
// @ts-expect-error runSettled needs a TestScheduler
void runSettled(new VirtualTimeScheduler(), () => undefined);

// pollValue infers the value type from fn, whether it returns a value, a Promise or an Observable
interface TypedJob {
  state: 'running' | 'done';
}
const valueFromPromise = pollValue(
  async (): Promise<TypedJob> => ({ state: 'done' }),
  (job) => job.state === 'done',
  {
    interval: 10,
  },
);
assertType<Equals<typeof valueFromPromise, Observable<TypedJob>>>();
const valueFromObservable = pollValue(
  () => of(1),
  (n) => n > 0,
  { backoff: { duration: 10, factor: 2 } },
);
assertType<Equals<typeof valueFromObservable, Observable<number>>>();
const numberFn = () => 1;
const isEmptyString = (s: string) => s === '';
// @ts-expect-error isDone takes the value type
pollValue(numberFn, isEmptyString, { interval: 1 });
const lastEmit = { interval: 1, emit: 'last' } as const;
// @ts-expect-error emit is 'done' or 'all'
pollValue(numberFn, () => true, lastEmit);
const lastJob: TypedJob | undefined = new InterruptedError<TypedJob>().lastValue;
void lastJob;
