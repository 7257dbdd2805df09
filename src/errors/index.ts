export { InterruptedError } from './InterruptedError';
export { errorInterrupted } from './errorInterrupted';
export { isInterrupted, isDeadlineExceeded, isCanceled } from './guards';
