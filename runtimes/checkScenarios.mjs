// What the server runtimes (Node, Bun, Deno) run on top of scenarios.mjs: the checks of
// `rxjs-wait/checks`, which need Node's http, net and child_process (or the runtime's
// versions of them), against the same loopback server.
import { firstValueFrom } from 'rxjs';
import { isDeadlineExceeded, pollUntil } from 'rxjs-wait';
import { CheckError, commandCheck, httpCheck, reversed, tcpCheck } from 'rxjs-wait/checks';
import { check, runRows } from './scenarios.mjs';

/** Rows as scenarios.mjs gives them, for the checks; `closedPort` has no listener. */
export async function runCheckScenarios(base, id, closedPort) {
  const scenarios = {
    async 'httpCheck: ready after 503, 503, 200'() {
      const seen = [];
      const health = httpCheck(`${base}/flaky?id=${id}&key=check&fail=2`);
      await firstValueFrom(
        pollUntil(async ({ signal }) => (seen.push((await health.probe(signal)).detail), seen.at(-1) === 'HTTP 200'), {
          interval: 20,
          timeout: 10_000,
        }),
      );
      check(seen.join() === 'HTTP 503,HTTP 503,HTTP 200', `saw ${seen.join()}`);
      return seen.join(', ');
    },

    async 'httpCheck: a hung server given up after attemptTimeout'() {
      const result = await httpCheck(`${base}/hang?id=${id}&key=check-hang`, { attemptTimeout: 100 }).probe(
        new AbortController().signal,
      );
      check(!result.ready && result.detail === 'no answer in 100ms', `result ${JSON.stringify(result)}`);
      return result.detail;
    },

    async 'tcpCheck: refused is "not ready" until the deadline; reversed() is ready'() {
      const error = await firstValueFrom(
        pollUntil(tcpCheck('127.0.0.1', closedPort), { interval: 20, timeout: 150 }),
      ).catch((e) => e);
      check(isDeadlineExceeded(error), `not a deadline: ${String(error)}`);
      const gone = await reversed(tcpCheck('127.0.0.1', closedPort)).probe(new AbortController().signal);
      check(gone.ready && gone.detail === 'gone (ECONNREFUSED)', `reversed: ${JSON.stringify(gone)}`);
      return 'deadline; gone (ECONNREFUSED)';
    },

    async 'commandCheck: exit status, stderr, and a command that cannot run'() {
      const failed = await commandCheck('echo "not yet" >&2; exit 3').probe(new AbortController().signal);
      check(failed.detail === 'exit 3: not yet', `detail ${failed.detail}`);
      const error = await commandCheck(['/no/such/program'])
        .probe(new AbortController().signal)
        .catch((e) => e);
      check(error instanceof CheckError, `not a CheckError: ${String(error)}`);
      return `${failed.detail}; ${error.message}`;
    },
  };

  return runRows(scenarios);
}
