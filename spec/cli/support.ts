/**
 * The built CLI run as a real process, and what its specs share: real loopback servers,
 * process checks. `npm test` builds dist/ before jest runs.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'dist', 'cjs', 'cli', 'main.js');

/** `cmd:` takes a shell command line: single-quote each word. */
export const sh = (...words: string[]) => words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** ms from `act.then` to the exit; undefined when it never ran. */
  msAfterAct: number | undefined;
}

/**
 * Something to do to the world (or the CLI) once the CLI has got that far: `when` is
 * checked on every chunk of output and every 10 ms, and `then` runs once, the first time
 * it holds. Tests step on what the CLI has reported rather than on timers, so a slow
 * machine only makes them slower, never wrong.
 */
export interface Act {
  when(output: { stdout: string; stderr: string }): boolean;
  then(child: ChildProcess): void;
}

export function runCli(args: string[], act?: Act): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    let actedAt: number | undefined;
    const step = () => {
      if (act === undefined || actedAt !== undefined || !act.when(output)) return;
      actedAt = Date.now();
      clearInterval(poll);
      act.then(child);
    };
    const poll = act === undefined ? undefined : setInterval(step, 10);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output.stdout += d;
      step();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      output.stderr += d;
      step();
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      const ended = Date.now();
      resolve({
        code,
        signal,
        ...output,
        ms: ended - started,
        msAfterAct: actedAt === undefined ? undefined : ended - actedAt,
      });
    });
  });
}

/**
 * Whether `pid` has ended within `ms`. A zombie counts as ended: it has run its course, and
 * in a container whose PID 1 does not reap, an orphan killed with its group stays one.
 */
export async function processGone(pid: number, ms: number): Promise<boolean> {
  const zombie = () => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') === true;
    } catch {
      return false;
    }
  };
  for (const end = Date.now() + ms; Date.now() < end;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (zombie()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

export async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer(handler);
  servers.push(server);
  return server;
}

/** What a spec opened, closed after each test by its file's afterEach. */
export const servers: { close(cb?: () => void): unknown }[] = [];
