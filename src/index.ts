// Errors: the three outcomes of a wait stay distinct.
export { InterruptedError, errorInterrupted, isInterrupted, isDeadlineExceeded, isCanceled } from './errors';

// Conditions and shared options.
export type { AttemptInfo, AttemptOutcome, Condition, ConditionContext, WaitOptions } from './types';

// Backoff values (Go's wait.Backoff and client-go's presets).
export type { Backoff, BackoffStep, DecorrelatedJitterOptions, JitterMode } from './backoff';
export { stepBackoff, jitter, decorrelatedJitter, DEFAULT_RETRY, DEFAULT_BACKOFF } from './backoff';

// Operators.
export { pollUntil } from './operators/pollUntil';
export type { PollOptions } from './operators/pollUntil';
export { pollImmediate } from './operators/pollImmediate';
export type { PollImmediateOptions } from './operators/pollImmediate';
export { exponentialBackoff } from './operators/exponentialBackoff';
export type { ExponentialBackoffOptions } from './operators/exponentialBackoff';
export { backoffRetry } from './operators/backoffRetry';
export type { BackoffRetryOptions, RetryInfo } from './operators/backoffRetry';
export { repeatUntil } from './operators/repeatUntil';
export type { RepeatUntilOptions } from './operators/repeatUntil';
export { until } from './operators/until';
export type { Job, UntilOptions } from './operators/until';
export { interruptOn } from './operators/interruptOn';
