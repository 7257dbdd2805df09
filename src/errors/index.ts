export { InterruptedError } from './InterruptedError.js';
export { errorInterrupted } from './errorInterrupted.js';
export { isInterrupted, isDeadlineExceeded, isCanceled } from './guards.js';
