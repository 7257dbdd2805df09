import { tcpCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/** `tcp:HOST:PORT` (`tcp:PORT` for localhost; an IPv6 host in brackets). */
export const tcpType: ResourceType = {
  help: [['tcp:HOST:PORT', 'ready when a TCP connection opens (tcp:PORT means localhost)']],
  written: 'tcp:HOST:PORT',
  matches: (target) => target.startsWith('tcp:'),
  parse(target, { attemptTimeout }) {
    const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(target.slice('tcp:'.length));
    const port = match === null ? NaN : Number(match[2]);
    if (match === null || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new UsageError(`invalid resource '${target}' (expected tcp:HOST:PORT with a port from 1 to 65535)`);
    }
    const host = (match[1] ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    return tcpCheck(host, port, { attemptTimeout, label: target });
  },
};
