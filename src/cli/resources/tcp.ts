import { tcpCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/**
 * `tcp:HOST:PORT` (`tcp:PORT` for localhost; an IPv6 host in brackets), and dockerize's
 * `tcp://HOST:PORT`.
 */
export const tcpType: ResourceType = {
  help: [
    ['tcp:HOST:PORT', 'ready when a TCP connection opens (tcp:PORT means localhost;'],
    ['', 'tcp://HOST:PORT as dockerize writes it; an IPv6 host in [])'],
  ],
  written: 'tcp:HOST:PORT',
  matches: (target) => /^tcp:/i.test(target),
  parse(target, { attemptTimeout }) {
    const rest = target.slice('tcp:'.length);
    // dockerize's tcp://db:5432 (a trailing / too); tcp:// alone is no address
    const address = rest.startsWith('//') ? rest.slice(2).replace(/\/$/, '') : rest;
    const match = /^(?:(\[[0-9a-f:.]+(?:%[\w.-]+)?\]|[^:/[\]\s@?#]+):)?(\d{1,5})$/i.exec(address);
    const port = match === null ? NaN : Number(match[2]);
    if (match === null || port < 1 || port > 65535) {
      throw new UsageError(
        `invalid resource '${target}' (expected tcp:HOST:PORT with a port from 1 to 65535; ` +
          'a host has no / or : in it, an IPv6 host is written in brackets: tcp:[::1]:5432)',
      );
    }
    const host = (match[1] ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
    return tcpCheck(host, port, { attemptTimeout, label: target });
  },
};
