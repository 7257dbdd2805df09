export type { Backoff, BackoffStep } from './backoff';
export { stepBackoff, jitter, DEFAULT_RETRY, DEFAULT_BACKOFF } from './backoff';
