import { spawn } from 'node:child_process';
import type { CheckResult, Resource, ResourceType } from '../resource.js';
import { FatalResourceError, UsageError, describeFailure } from '../resource.js';

/** `cmd:COMMAND`: a readiness check run by the shell, ready when it exits 0. */
export const commandType: ResourceType = {
  help: [['cmd:COMMAND', "ready when the shell command exits 0 (cmd:'pg_isready -h db')"]],
  written: 'cmd:COMMAND',
  matches: (target) => target.startsWith('cmd:'),
  parse(target) {
    const command = target.slice('cmd:'.length);
    if (command.trim() === '') throw new UsageError(`invalid resource '${target}' (expected cmd:COMMAND)`);
    return commandResource('sh', ['-c', command], target, true);
  },
};

/** How long a process group gets after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 300;
const POSIX = process.platform !== 'win32';

/**
 * Ends the whole process group of `pid` (the command and everything it started):
 * SIGTERM now, SIGKILL after a short grace for whatever is still there. On Windows,
 * where groups work otherwise, the child alone.
 */
function endGroup(pid: number | undefined, kill: (signal: NodeJS.Signals) => void): void {
  if (pid === undefined) return;
  if (!POSIX) {
    kill('SIGTERM');
    return;
  }
  const signalGroup = (signal: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // ESRCH: no process left in the group
    }
  };
  if (!signalGroup('SIGTERM')) return;
  // not unref'd: the CLI waits this long at most, so that nothing is left behind
  setTimeout(() => {
    if (signalGroup(0)) signalGroup('SIGKILL');
  }, KILL_GRACE_MS);
}

/**
 * A command run as a check (`cmd:`), ready when it exits 0. Its output is not shown; the last line it
 * wrote to stderr becomes the detail. It runs in a process group of its own: an abort (the
 * deadline, an attempt timeout, SIGINT or SIGTERM to the CLI) ends the whole group at once
 * (SIGTERM, then SIGKILL), and so does its exit, for whatever it left running. A command
 * that cannot be started at all (not found, not executable) is fatal.
 */
export function commandResource(
  command: string,
  args: string[],
  label = [command, ...args].join(' '),
  viaShell = false,
): Resource {
  return {
    label,
    check(signal) {
      return new Promise<CheckResult>((resolve, reject) => {
        if (signal.aborted) {
          resolve({ ready: false, detail: 'aborted' });
          return;
        }
        const child = spawn(command, args, { detached: POSIX, stdio: ['ignore', 'ignore', 'pipe'] });
        let lastLine = '';
        let settled = false;
        const settle = (result: CheckResult | Error) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          if (result instanceof Error) reject(result);
          else resolve(result);
        };
        const onAbort = () => {
          // do not wait for the group, nor for a grandchild holding the stderr pipe
          endGroup(child.pid, (s) => child.kill(s));
          child.stderr?.destroy();
          settle({ ready: false, detail: 'aborted' });
        };
        signal.addEventListener('abort', onAbort, { once: true });
        child.stderr?.setEncoding('utf8');
        child.stderr?.on('data', (chunk: string) => {
          const lines = chunk
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
          if (lines.length > 0) lastLine = lines[lines.length - 1];
        });
        child.once('error', (error) => {
          const code = describeFailure(error);
          if (code === 'ENOENT' || code === 'EACCES') {
            settle(new FatalResourceError(label, `cannot run '${command}': ${code}`));
          } else {
            settle({ ready: false, detail: code });
          }
        });
        child.once('exit', (code, killedBy) => {
          // what it started in the background goes too, and its stderr with it
          endGroup(child.pid, () => undefined);
          setTimeout(() => child.stderr?.destroy(), 50).unref();
          // decided once stderr is done, so that its last line has arrived
          const finish = () => {
            const status = killedBy !== null ? `killed by ${killedBy}` : `exit ${code}`;
            if (viaShell && (code === 126 || code === 127)) {
              // the shell could not find or run the command: retrying cannot help
              const why = code === 127 ? 'not found' : 'not executable';
              settle(new FatalResourceError(label, `cannot run ${label}: ${lastLine || why}`));
            } else if (code === 0) settle({ ready: true, detail: 'exit 0' });
            else settle({ ready: false, detail: lastLine ? `${status}: ${lastLine.slice(0, 60)}` : status });
          };
          if (child.stderr === null || child.stderr.destroyed) finish();
          else child.stderr.once('close', finish);
        });
      });
    },
  };
}
