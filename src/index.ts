// Errors: the three outcomes of a wait stay distinct.
export { InterruptedError, errorInterrupted, isInterrupted, isDeadlineExceeded, isCanceled } from './errors/index.js';

// Conditions and shared options.
export type { AttemptInfo, AttemptOutcome, Condition, ConditionContext, WaitOptions } from './types.js';

// Backoff values (Go's wait.Backoff and client-go's presets).
export type { Backoff, BackoffStep, DecorrelatedJitterOptions, JitterMode } from './backoff/index.js';
export { stepBackoff, jitter, decorrelatedJitter, DEFAULT_RETRY, DEFAULT_BACKOFF } from './backoff/index.js';

// Operators.
export { pollUntil } from './operators/pollUntil.js';
export type { PollOptions } from './operators/pollUntil.js';
export { pollImmediate } from './operators/pollImmediate.js';
export type { PollImmediateOptions } from './operators/pollImmediate.js';
export { exponentialBackoff } from './operators/exponentialBackoff.js';
export type { ExponentialBackoffOptions } from './operators/exponentialBackoff.js';
export { backoffRetry } from './operators/backoffRetry.js';
export type { BackoffRetryOptions, RetryInfo } from './operators/backoffRetry.js';
export { pollValue } from './operators/pollValue.js';
export type { PollValueOptions, ValueFn } from './operators/pollValue.js';
export { repeatUntil } from './operators/repeatUntil.js';
export type { RepeatUntilOptions } from './operators/repeatUntil.js';
export { until } from './operators/until.js';
export type { Job, UntilOptions } from './operators/until.js';
export { interruptOn } from './operators/interruptOn.js';
