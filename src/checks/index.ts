/**
 * Readiness checks for Node.js, as conditions for the waits: `import { httpCheck } from
 * 'rxjs-wait/checks'`. The checks the `rxjs-wait` command runs, for your own code: a
 * network or system error means "not ready" (the wait goes on), the condition's `signal`
 * cancels the check's work, and every check is abandoned after `attemptTimeout` (10 s by
 * default), so a hung server cannot hold a wait forever.
 *
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { httpCheck, tcpCheck } from 'rxjs-wait/checks';
 *
 * const ready = [httpCheck('http://localhost:8080/health'), tcpCheck('localhost', 5432)];
 * await Promise.all(ready.map((check) => firstValueFrom(pollUntil(check, { interval: 250, timeout: 30_000 }))));
 * ```
 *
 * @module
 */
export type { Check, CheckOptions, CheckResult } from './check.js';
export { CheckError, reversed } from './check.js';
export { commandCheck } from './command.js';
export { fileCheck } from './file.js';
export type { HttpCheckOptions } from './http.js';
export { httpCheck } from './http.js';
export { tcpCheck, unixCheck } from './socket.js';
export type { CheckAttemptInfo, CheckResults, WaitForChecksOptions } from './waitForChecks.js';
export { waitForChecks } from './waitForChecks.js';
