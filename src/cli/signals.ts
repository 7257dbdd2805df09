/**
 * The signals rxjs-wait answers, and whether one has already reached COMMAND.
 *
 * While the checks run, each of these ends the wait (and the process groups of running
 * `cmd:` checks) with 128 + its number. While COMMAND runs, each is passed on to it, once:
 * a terminal sends Ctrl-C (INT), Ctrl-\ (QUIT) and its hang-up (HUP) to the whole
 * foreground process group, COMMAND included, so when rxjs-wait is in that group they are
 * not sent again (docker compose, dev servers and REPLs read a second Ctrl-C as "force
 * quit"). From anywhere else (a supervisor such as tini or dumb-init, `docker stop`,
 * `kill PID`) every one is passed on. USR1 is answered too, so it never opens Node's
 * inspector on port 9229.
 *
 * `process.execve` (Node 22.15 and 23.11 on) would hand the process to COMMAND as
 * wait-for-it's `exec` does, but where it fails (a script whose interpreter is missing)
 * the process aborts with a native stack trace instead of exiting 126 or 127, so it is
 * not used.
 */
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

/** What rxjs-wait answers and passes on: the ones tini and dumb-init forward that end a process. */
export const RELAYED = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2'] as const;
export type Relayed = (typeof RELAYED)[number];

/** Sent by a terminal to its whole foreground process group. */
const FROM_TERMINAL: ReadonlySet<string> = new Set(['SIGHUP', 'SIGINT', 'SIGQUIT']);

/** The exit status of a process a signal ended: 128 + its number, as shells say. */
export function signalExit(name: NodeJS.Signals): number {
  return 128 + constants.signals[name];
}

/**
 * Whether this process is in its terminal's foreground process group (so a key the
 * terminal turns into a signal reached the whole group). Linux: `/proc/self/stat`'s pgrp
 * and tpgid; elsewhere it cannot tell cheaply and says no (the signal is passed on).
 */
export function inForeground(stat: () => string = () => readFileSync('/proc/self/stat', 'utf8')): boolean {
  try {
    // pid (comm) state ppid pgrp session tty_nr tpgid ...; comm may hold spaces and ')'
    const text = stat();
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const tpgid = Number(fields[5]);
    return tpgid > 0 && pgrp === tpgid;
  } catch {
    return false;
  }
}

/** Whether `name`, just received, must be sent to a child in our process group. */
export function mustPassOn(name: NodeJS.Signals, foreground: () => boolean = inForeground): boolean {
  return !(FROM_TERMINAL.has(name) && foreground());
}

/**
 * Calls `handler` with the name of each {@link RELAYED} signal received, until the
 * returned function is called. A signal the platform does not have is left out.
 */
export function onSignals(handler: (name: Relayed) => void): () => void {
  const installed: [Relayed, () => void][] = [];
  for (const name of RELAYED) {
    const listener = () => handler(name);
    try {
      process.on(name, listener);
      installed.push([name, listener]);
    } catch {
      // Windows has no SIGUSR1 listener to install, say
    }
  }
  return () => installed.forEach(([name, listener]) => process.off(name, listener));
}
