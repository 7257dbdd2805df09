// Retry a flaky operation client-go style: only retriable errors, the last error rethrown.
// Run: npm run build && node examples/retry-with-backoff.cjs
const { defer } = require('rxjs');
const { backoffRetry, isInterrupted } = require('rxjs-wait');

let calls = 0;
// Fails twice with a conflict, then succeeds.
function updateResource() {
  calls += 1;
  if (calls <= 2) return Promise.reject(Object.assign(new Error('409 Conflict'), { status: 409 }));
  return Promise.resolve({ version: calls });
}

defer(updateResource)
  .pipe(
    backoffRetry({
      duration: 20,
      factor: 2,
      jitter: 0.1,
      steps: 5,
      shouldRetry: (error) => error.status === 409,
      onRetry: ({ error, attempt, delay }) =>
        console.log(`attempt ${attempt}: ${error.message}, retrying in ${Math.round(delay)} ms`),
    }),
  )
  .subscribe({
    next: (result) => console.log(`updated, version ${result.version} after ${calls} calls`),
    error: (error) => {
      console.error(isInterrupted(error) ? 'interrupted' : `failed for good: ${error.message}`);
      process.exitCode = 1;
    },
  });
