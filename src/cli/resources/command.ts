import { commandCheck } from '../../checks/index.js';
import type { ResourceType } from '../resource.js';
import { UsageError } from '../resource.js';

/** `cmd:COMMAND`: a readiness check run by the shell, ready when it exits 0. */
export const commandType: ResourceType = {
  help: [['cmd:COMMAND', "ready when the shell command exits 0 (cmd:'pg_isready -h db')"]],
  written: 'cmd:COMMAND',
  matches: (target) => target.startsWith('cmd:'),
  parse(target, { attemptTimeout }) {
    const command = target.slice('cmd:'.length);
    if (command.trim() === '') throw new UsageError(`invalid resource '${target}' (expected cmd:COMMAND)`);
    return commandCheck(command, { attemptTimeout, label: target });
  },
};
