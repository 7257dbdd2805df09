export type { Backoff, BackoffStep, DecorrelatedJitterOptions, JitterMode } from './backoff.js';
export { stepBackoff, jitter, decorrelatedJitter, DEFAULT_RETRY, DEFAULT_BACKOFF } from './backoff.js';
