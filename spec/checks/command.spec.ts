import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { isInterrupted, pollUntil } from '../../src/index';
import { CheckError, commandCheck } from '../../src/checks/index';
import { folder, never, sleep } from './support';

/** Whether process `pid` is gone (or a zombie waiting for its parent). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return stat.split(') ')[1]?.startsWith('Z') === true;
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 20) {
    if (gone(pid)) return true;
    await sleep(20);
  }
  return gone(pid);
}

describe('commandCheck', () => {
  it('should be ready when a shell command exits 0, and show the last stderr line otherwise', async () => {
    expect(await commandCheck('true').probe(never())).toEqual({ ready: true, detail: 'exit 0' });
    expect(await commandCheck('echo first >&2; echo "not up yet" >&2; exit 3').probe(never())).toEqual({
      ready: false,
      detail: 'exit 3: not up yet',
    });
    expect(await commandCheck('kill -9 $$').probe(never())).toEqual({ ready: false, detail: 'killed by SIGKILL' });
    expect(commandCheck('pg_isready -h db').label).toBe('cmd:pg_isready -h db');
  });

  it('should show a stderr line written in several pieces whole (redis-cli writes its error so)', async () => {
    const script =
      "printf 'Could not connect to Redis at 127.0.0.1:6390: ' >&2; sleep 0.05; printf 'Connection refused\\n\\n' >&2; exit 1";
    expect(await commandCheck(script).probe(never())).toEqual({
      ready: false,
      detail: 'exit 1: Could not connect to Redis at 127.0.0.1:6390: Connection refused',
    });
  });

  it("should show stdout's last line when stderr has none, as pg_isready writes its reason", async () => {
    expect(await commandCheck("printf 'db:5432 - no response\\n\\n'; exit 2").probe(never())).toEqual({
      ready: false,
      detail: 'exit 2: db:5432 - no response',
    });
    // stderr says why when it says anything
    expect(await commandCheck('echo on stdout; echo on stderr >&2; exit 1').probe(never())).toEqual({
      ready: false,
      detail: 'exit 1: on stderr',
    });
  });

  it('should cut a long line at a word boundary, and a long word inside it', async () => {
    const words = 'psql: error: connection to server at "db" (10.0.0.7), port 5432 failed: Connection refused';
    expect(await commandCheck(`echo '${words}' >&2; exit 2`).probe(never())).toEqual({
      ready: false,
      detail: 'exit 2: psql: error: connection to server at "db" (10.0.0.7), port 5432 failed:…',
    });
    const path = '/' + 'a'.repeat(100);
    expect(await commandCheck(`echo 'missing ${path}' >&2; exit 1`).probe(never())).toEqual({
      ready: false,
      detail: `exit 1: missing ${path.slice(0, 80 - 'missing '.length)}…`,
    });
  });

  it('should keep a line of exactly 80 characters whole, and cut at a space 40 in, without the spaces before it', async () => {
    const exact = 'x'.repeat(80);
    expect(await commandCheck(`echo '${exact}' >&2; exit 1`).probe(never())).toEqual({
      ready: false,
      detail: `exit 1: ${exact}`,
    });
    // its last space within the first 80 is at index 40: the cut is there, and the double
    // space before it goes too
    const spaced = `${'a'.repeat(39)}  ${'b'.repeat(60)}`;
    expect(await commandCheck(`echo '${spaced}' >&2; exit 1`).probe(never())).toEqual({
      ready: false,
      detail: `exit 1: ${'a'.repeat(39)}…`,
    });
  });

  it('should give a command no stdin (cat ends at once instead of waiting)', async () => {
    expect(await commandCheck('cat', { attemptTimeout: 2000 }).probe(never())).toEqual({
      ready: true,
      detail: 'exit 0',
    });
  });

  it('should end what a command left running when it exits, and not wait for a process that holds its pipes', async () => {
    const dir = folder();
    const pidFile = join(dir, 'left');
    const escaped = join(dir, 'escaped');
    // a background sleep in the command's group, and one in a session of its own (setsid),
    // out of the group's reach, which holds stderr open for 3 s; the command exits once
    // that one has left the group (else the group's end may catch it first)
    const script = `sleep 30 & echo $! > ${pidFile}; setsid sh -c 'echo $$ > ${escaped}; exec sleep 3' & while [ ! -s ${escaped} ]; do sleep 0.01; done; exit 0`;
    const started = Date.now();
    expect(await commandCheck(script, { attemptTimeout: 2000 }).probe(never())).toEqual({
      ready: true,
      detail: 'exit 0',
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await goneWithin(Number(readFileSync(pidFile, 'utf8')), 2000)).toBe(true);
  });

  it('should trim the last stderr line, and read stdout to its end however much there is', async () => {
    // a megabyte on stdout: piped and unread, it would fill the pipe and hang the command
    const script = `${process.execPath} -e 'process.stdout.write("x".repeat(1e6))'; printf 'first\\n   indented  \\n' >&2; exit 2`;
    expect(await commandCheck(script).probe(never())).toEqual({ ready: false, detail: 'exit 2: indented' });
  });

  it("should take the shell's own 127 and 126 as a command that cannot run", async () => {
    await expect(commandCheck('exit 127').probe(never())).rejects.toThrow('cannot run cmd:exit 127: not found');
    await expect(commandCheck('exit 126').probe(never())).rejects.toThrow('cannot run cmd:exit 126: not executable');
  });

  it('should reject a file that is not executable, run without a shell, with a CheckError (EACCES)', async () => {
    const script = join(folder(), 'check.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    await expect(commandCheck([script]).probe(never())).rejects.toThrow(
      new CheckError(`cmd:${script}`, `cannot run '${script}': EACCES`),
    );
  });

  it('should run [file, ...args] without a shell', async () => {
    expect(await commandCheck([process.execPath, '-e', 'process.exit(0)']).probe(never())).toEqual({
      ready: true,
      detail: 'exit 0',
    });
    // no shell: `$HOME` reaches the program as written
    expect(
      await commandCheck([process.execPath, '-e', 'process.exit(process.argv[1] === "$HOME" ? 0 : 1)', '$HOME']).probe(
        never(),
      ),
    ).toEqual({ ready: true, detail: 'exit 0' });
    expect(commandCheck(['redis-cli', 'ping']).label).toBe('cmd:redis-cli ping');
  });

  it('should reject with a CheckError when the command cannot run, so the wait fails with it', async () => {
    await expect(commandCheck(['/no/such/program']).probe(never())).rejects.toThrow(
      new CheckError('cmd:/no/such/program', "cannot run '/no/such/program': ENOENT"),
    );
    const notFound = commandCheck('no-such-command-rxjs-wait');
    const error = await firstValueFrom(pollUntil(notFound, { interval: 10, immediate: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckError);
    expect(isInterrupted(error)).toBe(false);
    expect((error as CheckError).label).toBe('cmd:no-such-command-rxjs-wait');
    expect((error as CheckError).message).toMatch(/^cannot run cmd:no-such-command-rxjs-wait: .*not found/);
    const dir = folder();
    await expect(commandCheck(dir).probe(never())).rejects.toThrow(/cannot run cmd:.*/);
  });

  it('should end the whole process group on abort, a child that ignores SIGTERM included', async () => {
    const dir = folder();
    const pids = join(dir, 'pids');
    // the shell records its pid and starts a child that ignores SIGTERM, which records its
    // own once the handler is in place: only SIGKILL, 300 ms later, ends it
    const child = `process.on("SIGTERM", () => {}); require("fs").appendFileSync(${JSON.stringify(pids)}, process.pid + "\\n"); setInterval(() => {}, 1000)`;
    const script = `echo $$ >> ${pids}; ${process.execPath} -e '${child}' & wait`;
    const controller = new AbortController();
    const result = commandCheck(script, { attemptTimeout: Infinity }).probe(controller.signal);
    for (let i = 0; i < 200 && !(existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length >= 2); i++)
      await sleep(10);
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    const abortedAt = Date.now();
    controller.abort();
    expect(await result).toEqual({ ready: false, detail: 'aborted' });
    expect(Date.now() - abortedAt).toBeLessThan(200); // the check does not wait for the group
    for (const pid of started) expect(await goneWithin(pid, 2000)).toBe(true);
  });

  it('should abandon a command that outlives attemptTimeout', async () => {
    const started = Date.now();
    expect(await commandCheck('sleep 5', { attemptTimeout: 100 }).probe(never())).toEqual({
      ready: false,
      detail: 'no answer in 100ms',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('should not start once the signal has aborted', async () => {
    const dir = folder();
    const controller = new AbortController();
    controller.abort();
    const marker = join(dir, 'ran');
    expect(await commandCheck(`touch ${marker}`).probe(controller.signal)).toEqual({ ready: false, detail: 'aborted' });
    await sleep(50);
    expect(existsSync(marker)).toBe(false);
  });

  it('should refuse options that are not an object, naming commandCheck', () => {
    expect(() => commandCheck('true', null as never)).toThrow(
      'Expected the options of `commandCheck` to be an object, got null',
    );
  });

  it.each([[''], ['   '], [[]], [['']], [[1]], [['true', 5]], [42]])(
    'should refuse the command %p, naming it',
    (command) => {
      expect(() => commandCheck(command as never)).toThrow(TypeError);
      expect(() => commandCheck(command as never)).toThrow(
        /^Expected `command` to be a shell command, or \[file, \.\.\.args\]/,
      );
    },
  );
});
