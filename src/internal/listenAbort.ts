/**
 * One 'abort' listener per AbortSignal, however many waits share it: the waits' own
 * callbacks sit in a Set behind it. So 10,000 waits on one signal neither trip Node's
 * MaxListenersExceededWarning nor pay for 10,000 removeEventListener calls.
 */

const listeners = new WeakMap<AbortSignal, Set<() => void>>();

function dispatch(this: AbortSignal): void {
  const set = listeners.get(this);
  if (set === undefined) return;
  listeners.delete(this);
  // A callback may end other waits, which then remove themselves from this set; the
  // Set iterator skips entries deleted before they are reached. One that throws must not
  // leave the others without an outcome: the first error is rethrown once all have run,
  // as a throwing listener of its own would have been reported.
  let failed = false;
  let firstError: unknown;
  for (const callback of set) {
    set.delete(callback);
    try {
      callback();
    } catch (error) {
      if (!failed) firstError = error;
      failed = true;
    }
  }
  if (failed) throw firstError;
}

/**
 * Calls `callback` once when `signal` aborts. Returns the function that removes it; when
 * the last callback of a signal goes, so does the package's one listener on it.
 */
export function listenAbort(signal: AbortSignal, callback: () => void): () => void {
  let set = listeners.get(signal);
  if (set === undefined) {
    set = new Set();
    listeners.set(signal, set);
    signal.addEventListener('abort', dispatch, { once: true });
  }
  set.add(callback);
  return () => {
    const current = listeners.get(signal);
    if (current === undefined || !current.delete(callback)) return;
    if (current.size === 0) {
      listeners.delete(signal);
      signal.removeEventListener('abort', dispatch);
    }
  };
}
