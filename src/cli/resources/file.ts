import { fileCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/** `file:PATH`, and dockerize's `file:///ABSOLUTE/PATH`. */
export const fileType: ResourceType = {
  help: [['file:PATH', 'ready when PATH exists (file:///PATH too)']],
  written: 'file:PATH',
  matches: (target) => /^file:/i.test(target),
  parse(target, { attemptTimeout }) {
    const rest = target.slice('file:'.length);
    // file:///tmp/x is /tmp/x; file://host/x names another machine
    const path = rest.startsWith('//') ? (rest.startsWith('///') ? rest.slice(2) : '') : rest;
    if (path === '')
      throw new UsageError(`invalid resource '${target}' (expected file:PATH, or file:///ABSOLUTE/PATH)`);
    return fileCheck(path, { attemptTimeout, label: target });
  },
};
