import * as net from 'node:net';
import type { CheckResult, Resource } from '../resource.js';
import { describeFailure } from '../resource.js';

/** `tcp:HOST:PORT`, ready when a connection opens; the socket is closed at once. */
export function tcpResource(label: string, host: string, port: number): Resource {
  return {
    label,
    check(signal) {
      return new Promise<CheckResult>((resolve) => {
        const socket = net.connect({ host, port });
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
