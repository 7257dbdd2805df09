import * as net from 'node:net';
import type { CheckResult, Resource, ResourceType } from '../resource.js';
import { UsageError, describeFailure } from '../resource.js';

/** `tcp:HOST:PORT` (`tcp:PORT` for localhost; an IPv6 host in brackets). */
export const tcpType: ResourceType = {
  help: [['tcp:HOST:PORT', 'ready when a TCP connection opens (tcp:PORT means localhost)']],
  written: 'tcp:HOST:PORT',
  matches: (target) => target.startsWith('tcp:'),
  parse(target) {
    const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(target.slice('tcp:'.length));
    const port = match === null ? NaN : Number(match[2]);
    if (match === null || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new UsageError(`invalid resource '${target}' (expected tcp:HOST:PORT with a port from 1 to 65535)`);
    }
    const host = (match[1] ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    return tcpResource(target, host, port);
  },
};

/** `tcp:HOST:PORT`, ready when a connection opens; the socket is closed at once. */
export function tcpResource(label: string, host: string, port: number): Resource {
  return socketResource(label, { host, port });
}

/** Ready when a connection to `to` (a TCP address or a unix socket path) opens; closed at once. */
export function socketResource(label: string, to: net.NetConnectOpts): Resource {
  return {
    label,
    check(signal) {
      return new Promise<CheckResult>((resolve) => {
        const socket = net.connect(to);
        const onAbort = () => {
          socket.destroy();
          resolve({ ready: false, detail: 'aborted' });
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const settle = (result: CheckResult) => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          resolve(result);
        };
        socket.once('connect', () => settle({ ready: true, detail: 'connected' }));
        socket.once('error', (error) => settle({ ready: false, detail: describeFailure(error) }));
      });
    },
  };
}
