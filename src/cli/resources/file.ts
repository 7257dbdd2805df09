import { fileCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/** `file:PATH`. */
export const fileType: ResourceType = {
  help: [['file:PATH', 'ready when PATH exists']],
  written: 'file:PATH',
  matches: (target) => target.startsWith('file:'),
  parse(target, { attemptTimeout }) {
    const path = target.slice('file:'.length);
    if (path === '') throw new UsageError(`invalid resource '${target}' (expected file:PATH)`);
    return fileCheck(path, { attemptTimeout, label: target });
  },
};
