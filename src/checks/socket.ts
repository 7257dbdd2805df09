import * as net from 'node:net';
import { checkInteger, reject } from '../internal/validate.js';
import type { Check, CheckOptions, CheckResult } from './check.js';
import { describeFailure, makeCheck } from './check.js';

/**
 * Ready when a TCP connection to `host:port` opens; the socket is closed at once. A
 * refused, reset or unreachable connection is "not ready".
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { tcpCheck } from 'rxjs-wait/checks';
 *
 * await firstValueFrom(pollUntil(tcpCheck('localhost', 5432), { interval: 250, timeout: 30_000 }));
 * ```
 *
 * @param host a host name or IP address (`'localhost'`, `'db'`, `'::1'`).
 * @param port an integer from 1 to 65535.
 * @param options `attemptTimeout`, `label`.
 * @returns a {@link Check}; its `label` is `tcp:host:port`.
 */
export function tcpCheck(host: string, port: number, options: CheckOptions = {}): Check {
  if (typeof host !== 'string' || host === '') reject(TypeError, 'host', 'a host name or address', host);
  checkInteger('port', port, 1);
  if (port > 65535) reject(RangeError, 'port', 'an integer from 1 to 65535', port);
  const label = `tcp:${host.includes(':') ? `[${host}]` : host}:${port}`;
  return makeCheck('tcpCheck', options, label, (signal) => connect({ host, port }, signal));
}

/**
 * Ready when the unix domain socket at `path` accepts a connection. A socket file left
 * behind by a process that died (no listener) is not ready (`ECONNREFUSED`).
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { unixCheck } from 'rxjs-wait/checks';
 *
 * await firstValueFrom(pollUntil(unixCheck('/var/run/docker.sock'), { interval: 250, timeout: 10_000 }));
 * ```
 *
 * @param path the socket's path.
 * @param options `attemptTimeout`, `label`.
 * @returns a {@link Check}; its `label` is `unix:path`.
 */
export function unixCheck(path: string, options: CheckOptions = {}): Check {
  if (typeof path !== 'string' || path === '') reject(TypeError, 'path', 'a socket path', path);
  return makeCheck('unixCheck', options, `unix:${path}`, (signal) => connect({ path }, signal));
}

function connect(to: net.NetConnectOpts, signal: AbortSignal): Promise<CheckResult> {
  // never called with an aborted signal: makeCheck's probe answers those itself
  return new Promise<CheckResult>((resolve) => {
    const socket = net.connect(to);
    const onAbort = () => settle({ ready: false, detail: 'aborted' });
    const settle = (result: CheckResult) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => settle({ ready: true, detail: 'connected' }));
    socket.once('error', (error) => settle({ ready: false, detail: describeFailure(error) }));
  });
}
