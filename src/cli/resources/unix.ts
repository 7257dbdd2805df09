import { unixCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/**
 * `unix:PATH`, ready when the unix domain socket at PATH accepts a connection. A socket
 * file left behind by a process that died (no listener) is not ready (ECONNREFUSED).
 */
export const unixType: ResourceType = {
  help: [['unix:PATH', 'ready when the unix socket PATH accepts a connection (socket:PATH too)']],
  written: 'unix:PATH',
  // socket: is how wait-on writes it
  matches: (target) => target.startsWith('unix:') || target.startsWith('socket:'),
  parse(target, { attemptTimeout }) {
    const path = target.slice(target.indexOf(':') + 1);
    if (path === '') throw new UsageError(`invalid resource '${target}' (expected unix:PATH)`);
    return unixCheck(path, { attemptTimeout, label: target });
  },
};
