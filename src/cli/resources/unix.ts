import { unixCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/**
 * `unix:PATH`, ready when the unix domain socket at PATH accepts a connection. A socket
 * file left behind by a process that died (no listener) is not ready (ECONNREFUSED).
 * wait-on writes `socket:PATH`, dockerize `unix:///PATH`; both are taken.
 */
export const unixType: ResourceType = {
  help: [['unix:PATH', 'ready when the unix socket PATH accepts a connection (socket:PATH and unix:///PATH too)']],
  written: 'unix:PATH',
  matches: (target) => /^(unix|socket):/i.test(target),
  parse(target, { attemptTimeout }) {
    const rest = target.slice(target.indexOf(':') + 1);
    // unix:///run/app.sock is /run/app.sock; unix://relative has a host, not a path
    const path = rest.startsWith('//') ? (rest.startsWith('///') ? rest.slice(2) : '') : rest;
    if (path === '') {
      throw new UsageError(`invalid resource '${target}' (expected unix:PATH, or unix:///ABSOLUTE/PATH)`);
    }
    return unixCheck(path, { attemptTimeout, label: target });
  },
};
