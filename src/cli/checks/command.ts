import { spawn } from 'node:child_process';
import type { CheckResult, Resource } from '../resource.js';
import { FatalResourceError, describeFailure } from '../resource.js';

/**
 * `-- COMMAND ARGS...`, ready when it exits 0. Its output is not shown; the last line it
 * wrote to stderr becomes the detail. An abort kills it (SIGTERM). A command that cannot
 * be started at all (not found, not executable) is fatal.
 */
export function commandResource(command: string, args: string[]): Resource {
  const label = [command, ...args].join(' ');
  return {
    label,
    check(signal) {
      return new Promise<CheckResult>((resolve, reject) => {
        const child = spawn(command, args, { signal, stdio: ['ignore', 'ignore', 'pipe'] });
        let lastLine = '';
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
            reject(new FatalResourceError(label, `cannot run '${command}': ${code}`));
          } else {
            resolve({ ready: false, detail: code });
          }
        });
        child.once('close', (code, killedBy) => {
          if (code === 0) resolve({ ready: true, detail: 'exit 0' });
          else {
            const status = killedBy !== null ? `killed by ${killedBy}` : `exit ${code}`;
            resolve({ ready: false, detail: lastLine ? `${status}: ${lastLine.slice(0, 60)}` : status });
          }
        });
      });
    },
  };
}
