import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { reject } from '../internal/validate.js';
import type { Check, CheckOptions, CheckResult } from './check.js';
import { CheckError, describeFailure, makeCheck } from './check.js';

/** How long a process group gets after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 300;
const POSIX = process.platform !== 'win32';

/**
 * Ends the whole process group of `pid` (the command and everything it started):
 * SIGTERM now, SIGKILL after a short grace for whatever is still there. POSIX only.
 */
function endGroup(pid: number | undefined): void {
  const signalGroup = (signal: NodeJS.Signals | 0) => {
    try {
      process.kill(-(pid as number), signal);
      return true;
    } catch {
      return false; // ESRCH: no process left in the group (or no pid: it never started)
    }
  };
  if (pid === undefined || !signalGroup('SIGTERM')) return;
  // not unref'd: a process waits this long at most, so that nothing is left behind
  setTimeout(() => {
    if (signalGroup(0)) signalGroup('SIGKILL');
  }, KILL_GRACE_MS);
}

/**
 * Ready when a command exits 0. A string is run by the shell (`/bin/sh -c`), so it may use
 * pipes and quotes; an array is `[file, ...args]`, run without a shell. Its output is not
 * shown: the last non-empty line it wrote to stderr, or to stdout when stderr has none, becomes
 * the detail (`exit 2: localhost:5432 - no response`), cut at a word boundary.
 *
 * The command runs in a process group of its own. When the signal aborts (the wait's
 * deadline, an unsubscribe, `attemptTimeout`) the whole group is ended at once, SIGTERM
 * then SIGKILL after 300 ms, and so is whatever it left running when it exits. A command
 * that cannot be run at all (not found, not executable; the shell's 127 and 126) rejects
 * with a {@link CheckError}: retrying cannot help.
 *
 * ## Example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { pollUntil } from 'rxjs-wait';
 * import { commandCheck } from 'rxjs-wait/checks';
 *
 * await firstValueFrom(pollUntil(commandCheck('pg_isready -h db'), { interval: 1000, timeout: 60_000 }));
 * await firstValueFrom(pollUntil(commandCheck(['redis-cli', 'ping']), { interval: 500, timeout: 10_000 }));
 * ```
 *
 * @param command a shell command line, or `[file, ...args]`.
 * @param options `attemptTimeout`, `label`.
 * @returns a {@link Check}; its `label` is `cmd:command`.
 */
export function commandCheck(command: string | readonly string[], options: CheckOptions = {}): Check {
  const viaShell = typeof command === 'string';
  if (viaShell ? command.trim() === '' : !isCommandArray(command)) {
    reject(TypeError, 'command', 'a shell command, or [file, ...args]', command);
  }
  // a string goes to the system shell (`/bin/sh -c`; cmd.exe on Windows)
  const [file, ...args] = viaShell ? [command] : command;
  const run: Run = { file, args, shell: viaShell };
  const label = `cmd:${viaShell ? command : command.join(' ')}`;
  return makeCheck('commandCheck', options, label, (signal) => runOnce(label, run, signal));
}

function isCommandArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === 'string') && value[0] !== '';
}

/** What to start: a file with its arguments, or a command line for the shell. */
interface Run {
  file: string;
  args: string[];
  shell: boolean;
}

/** How much of a line the detail keeps. */
const DETAIL_CHARS = 80;

/** The last line with something on it, or ''. */
function lastLine(text: string): string {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line !== '') return line;
  }
  return '';
}

/** `line`, cut to {@link DETAIL_CHARS} at a word boundary (`…` where it was cut). */
function shorten(line: string): string {
  if (line.length <= DETAIL_CHARS) return line;
  const head = line.slice(0, DETAIL_CHARS);
  const space = head.lastIndexOf(' ');
  // a word longer than half the room (a path, a URL) is cut inside it instead
  return `${(space >= DETAIL_CHARS / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

function runOnce(label: string, { file, args, shell }: Run, signal: AbortSignal) {
  // never called with an aborted signal: makeCheck's probe answers those itself
  return new Promise<CheckResult>((resolve, fail) => {
    const child = spawn(file, args, { shell, detached: POSIX, stdio: ['ignore', 'pipe', 'pipe'] });
    // the end of what it wrote (a line may come in several chunks): stderr's last line
    // says why, else stdout's (pg_isready writes its reason to stdout)
    const tails = { stdout: '', stderr: '' };
    const pipes = [child.stdout, child.stderr];
    let settled = false;
    const settle = (result: CheckResult | Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (result instanceof Error) fail(result);
      else resolve(result);
    };
    const closePipes = () => pipes.forEach((pipe) => pipe.destroy());
    const onAbort = () => {
      // do not wait for the group, nor for a grandchild holding a pipe (on Windows, where
      // groups work otherwise, the child alone)
      if (POSIX) endGroup(child.pid);
      else child.kill();
      closePipes();
      settle({ ready: false, detail: 'aborted' });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    for (const name of ['stdout', 'stderr'] as const) {
      child[name].setEncoding('utf8');
      child[name].on('data', (chunk: string) => (tails[name] = (tails[name] + chunk).slice(-2048)));
    }
    child.once('error', (error) => {
      const code = describeFailure(error);
      if (code === 'ENOENT' || code === 'EACCES') settle(new CheckError(label, `cannot run '${file}': ${code}`));
      else settle({ ready: false, detail: code });
    });
    child.once('exit', (code, killedBy) => {
      // what it started in the background goes too, and its pipes with it
      if (POSIX) endGroup(child.pid);
      setTimeout(closePipes, 50).unref();
      // decided once both pipes are done, so that their last lines have arrived
      const finish = () => {
        const said = shorten(lastLine(tails.stderr) || lastLine(tails.stdout));
        const status = killedBy !== null ? `killed by ${killedBy}` : `exit ${code}`;
        if (shell && (code === 126 || code === 127)) {
          // the shell could not find or run the command: retrying cannot help
          const why = code === 127 ? 'not found' : 'not executable';
          settle(new CheckError(label, `cannot run ${label}: ${lastLine(tails.stderr) || why}`));
        } else if (code === 0) settle({ ready: true, detail: 'exit 0' });
        else settle({ ready: false, detail: said ? `${status}: ${said}` : status });
      };
      const closed = (pipe: Readable) => new Promise((done) => (pipe.closed ? done(pipe) : pipe.once('close', done)));
      void Promise.all(pipes.map(closed)).then(finish);
    });
  });
}
