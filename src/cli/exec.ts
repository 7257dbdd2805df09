import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Streams } from './report.js';
import { describeFailure } from './resource.js';

/**
 * Runs `command` once everything is ready, as wait-for-it and dockerize do: its stdio is
 * ours, SIGINT and SIGTERM sent to rxjs-wait are passed on to it, and its exit status
 * becomes ours (128 + the signal's number when a signal ended it; 127 when it cannot be
 * found, 126 when it cannot be run, as shells say).
 */
export function runCommand(command: string[], streams: Streams): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.once('error', (error) => {
      const code = describeFailure(error);
      streams.stderr.write(`rxjs-wait: cannot run '${command[0]}': ${code}\n`);
      done(code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => done(code ?? 128 + (signal === null ? 0 : constants.signals[signal])));
  });
}
