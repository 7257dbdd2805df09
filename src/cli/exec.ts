import { spawn } from 'node:child_process';
import type { Streams } from './report.js';
import { describeFailure } from './resource.js';
import type { Relayed } from './signals.js';
import { mustPassOn, signalExit } from './signals.js';

/**
 * Runs `command` once everything is ready, as wait-for-it and dockerize do: its stdio is
 * ours, and its exit status becomes ours (128 + the signal's number when a signal ended
 * it; 127 when it cannot be found, 126 when it cannot be run, as shells say). `relay`
 * receives the function that passes a signal rxjs-wait got on to it, once (signals.ts).
 */
export function runCommand(
  command: string[],
  streams: Streams,
  relay: (passOn: (name: Relayed) => void) => void,
): Promise<number> {
  return new Promise<number>((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    relay((name) => {
      if (mustPassOn(name)) child.kill(name);
    });
    child.once('error', (error) => {
      const code = describeFailure(error);
      streams.stderr.write(`rxjs-wait: cannot run '${command[0]}': ${code}\n`);
      resolve(code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 128 : signalExit(signal))));
  });
}
