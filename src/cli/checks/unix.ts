import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';
import { socketResource } from './tcp.js';

/**
 * `unix:PATH`, ready when the unix domain socket at PATH accepts a connection. A socket
 * file left behind by a process that died (no listener) is not ready (ECONNREFUSED).
 */
export const unixType: ResourceType = {
  help: [['unix:PATH', 'ready when the unix socket PATH accepts a connection']],
  written: 'unix:PATH',
  matches: (target) => target.startsWith('unix:'),
  parse(target) {
    const path = target.slice('unix:'.length);
    if (path === '') throw new UsageError(`invalid resource '${target}' (expected unix:PATH)`);
    return socketResource(target, { path });
  },
};
