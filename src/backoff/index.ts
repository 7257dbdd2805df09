export type { Backoff, BackoffStep, DecorrelatedJitterOptions, JitterMode } from './backoff';
export { stepBackoff, jitter, decorrelatedJitter, DEFAULT_RETRY, DEFAULT_BACKOFF } from './backoff';
