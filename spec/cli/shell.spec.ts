/**
 * The CLI as a shell, compose or CI user runs it: in a real pseudo-terminal (util-linux
 * `script`, which gives the command a pty of its own and passes what we write to it as
 * keys), in a real process group, with a command after `--`, against real servers.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePki } from '../checks/support';
import { CLI, closedPort, listen, processGone, runCli, servers, sh } from './support';

let dir: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test does) first`);
  dir = mkdtempSync(join(tmpdir(), 'rxjs-wait-shell-'));
  // COMMAND for the signal cases: says which signal it got and how many times; the first
  // one starts a clean shutdown (exit 42 after 300 ms), a second one is "force quit" (99),
  // as docker compose and many dev servers read a second Ctrl-C
  writeFileSync(
    join(dir, 'counts.js'),
    `const seen = {};
for (const name of ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2']) {
  process.on(name, () => {
    seen[name] = (seen[name] ?? 0) + 1;
    process.stdout.write(name + ' ' + seen[name] + '\\n');
    if (seen[name] === 1) setTimeout(() => process.exit(42), 300);
    else process.exit(99);
  });
}
process.stdout.write('command up\\n');
setInterval(() => {}, 1000);
`,
  );
  // COMMAND for the terminal cases: takes each SIGNAL (argv[1]) with sigtimedwait, which
  // tells who sent it (pid 0: the kernel, for a key at the terminal; else the sender's
  // pid), for half a second after the first, then exits 42. Two copies sent a moment apart
  // are two lines; Node cannot say who sent a signal, Python can.
  writeFileSync(
    join(dir, 'sender.py'),
    `import signal, sys, time
wanted = getattr(signal, sys.argv[1])
signal.pthread_sigmask(signal.SIG_BLOCK, [wanted])
print('command up', flush=True)
end = None
while end is None or time.time() < end:
    info = signal.sigtimedwait([wanted], 0.02)
    if info is not None:
        print(sys.argv[1], 'from pid', info.si_pid, flush=True)
        end = end or time.time() + 0.5
sys.exit(42)
`,
  );
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

jest.setTimeout(20_000);

/** A loopback port that accepts connections (and closes them). */
async function openPort(): Promise<number> {
  const server = createTcpServer((socket) => socket.end());
  servers.push(server);
  return listen(server);
}

interface TerminalRun {
  /** `script`'s exit status: the command's, with `-e`. */
  code: number | null;
  /** Everything the terminal showed (the CLI's and COMMAND's output, keys echoed). */
  screen: string;
}

/**
 * Runs `command` (a shell command line) in a pseudo-terminal, as if typed at a prompt:
 * rxjs-wait and COMMAND are in the terminal's foreground process group, and no shell is.
 * `script -c` runs `$SHELL -c`, and that shell shares the group: dash (Debian's /bin/sh;
 * CI's failure was exactly this) dies of the Ctrl-C itself and `script` reports 130, while bash execs
 * a lone command. An interactive shell puts a job in a group of its own, so `exec` (with
 * `SHELL` pinned) is what a prompt does, whatever shell the run has. `then` runs once,
 * the first time `when` holds for what the terminal shows; it may type keys (`\x03` is
 * Ctrl-C) or close the terminal (kill `script`).
 */
function inTerminal(
  command: string,
  act: { when(screen: string): boolean; then(keys: (text: string) => void, terminal: () => void): void },
): Promise<TerminalRun> {
  return new Promise((resolve) => {
    const script = spawn('script', ['-qfec', `exec ${command}`, '/dev/null'], {
      env: { ...process.env, SHELL: '/bin/sh' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let acted = false;
    const step = () => {
      if (acted || !act.when(screen)) return;
      acted = true;
      act.then(
        (keys) => script.stdin.write(keys),
        () => script.kill('SIGKILL'),
      );
    };
    const poll = setInterval(step, 10);
    for (const stream of [script.stdout, script.stderr]) {
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        screen += chunk;
        step();
      });
    }
    script.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, screen });
    });
  });
}

const cli = (...args: string[]) => sh(process.execPath, CLI, ...args);

describe('rxjs-wait in a shell', () => {
  describe('a key pressed at the terminal reaches COMMAND once', () => {
    // the terminal signals its whole foreground group, COMMAND included: a second copy
    // from rxjs-wait would be read as "force quit" (exit 99 here)
    it.each([
      ['Ctrl-C', 'SIGINT', '\x03'],
      ['Ctrl-\\', 'SIGQUIT', '\x1c'],
    ])('%s: COMMAND gets one %s, from the terminal, and its status is ours', async (_key, name, keys) => {
      const port = await openPort();
      const run = await inTerminal(cli('-q', `tcp:127.0.0.1:${port}`, '--', 'python3', join(dir, 'sender.py'), name), {
        when: (screen) => screen.includes('command up'),
        then: (type) => type(keys),
      });
      // one line, and from the kernel: the terminal's copy, none from rxjs-wait
      expect(run.screen.match(/SIG\w+ from pid \d+/g)).toEqual([`${name} from pid 0`]);
      expect(run.code).toBe(42);
    });

    it('Ctrl-C while the checks run ends the wait with 130, and the check in flight with its group', async () => {
      const pidFile = join(dir, 'ctrl-c-check.pid');
      const run = await inTerminal(cli(`cmd:echo $$ > ${pidFile}; exec sleep 30`, '--', 'true'), {
        when: () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'),
        then: (type) => type('\x03'),
      });
      expect(run.code).toBe(130);
      expect(run.screen).toContain('interrupted by SIGINT');
      expect(await processGone(Number(readFileSync(pidFile, 'utf8')), 2000)).toBe(true);
    });

    it('closing the terminal while the checks run leaves neither rxjs-wait nor a check running', async () => {
      const pidFile = join(dir, 'hangup-check.pid');
      // $$ is the check (sleep, after exec), $PPID is rxjs-wait, which started it
      await inTerminal(cli('--timeout', '0', `cmd:echo $$ $PPID > ${pidFile}; exec sleep 30`), {
        when: () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'),
        then: (_type, close) => close(),
      });
      const [check, waiter] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
      expect(await processGone(waiter, 3000)).toBe(true);
      expect(await processGone(check, 3000)).toBe(true);
    });
  });

  describe('a signal sent to rxjs-wait alone (a supervisor, docker stop, kill PID)', () => {
    it.each(['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2'] as const)(
      'is passed on to COMMAND once (%s), and rxjs-wait exits as COMMAND does',
      async (name) => {
        const port = await openPort();
        const run = await runCli(['-q', `tcp:127.0.0.1:${port}`, '--', process.execPath, join(dir, 'counts.js')], {
          when: ({ stdout }) => stdout.includes('command up'),
          then: (child) => child.kill(name),
        });
        expect(run.stdout).toBe(`command up\n${name} 1\n`);
        expect(run.code).toBe(42);
        expect(run.stderr).toBe(''); // no "Debugger listening" for SIGUSR1
      },
    );

    it.each(['SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const)(
      'ends the wait with 128 + its number (%s) and the process group of a check in flight',
      async (name) => {
        const pidFile = join(dir, `${name}.pid`);
        const run = await runCli([`cmd:echo $$ > ${pidFile}; exec sleep 30`, '--', 'true'], {
          when: () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'),
          then: (child) => child.kill(name),
        });
        expect(run.code).toBe(128 + constants.signals[name]);
        expect(run.stderr).toContain(`interrupted by ${name}`);
        expect(run.stderr).not.toContain('Debugger listening');
        expect(await processGone(Number(readFileSync(pidFile, 'utf8')), 2000)).toBe(true);
      },
    );
  });

  it("keeps COMMAND's stdout clean in a compose-style run: rxjs-wait tcp:... -- cmd > out.txt", async () => {
    const port = await openPort();
    const out = join(dir, 'out.txt');
    // through a real shell, as a compose `command:` or a CI step writes it
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const shell = spawn('sh', ['-c', `${cli(`tcp:127.0.0.1:${port}`, '--', 'echo', 'KEY=value')} > ${out}`]);
      let stderr = '';
      shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      shell.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('KEY=value\n');
    expect(run.stderr).toContain(`ready after`);
  });

  describe('timeouts and delays', () => {
    it('should have a 30 s timeout unless told otherwise, and say so in its first line', async () => {
      const closed = await closedPort();
      for (const [args, first] of [
        [[], 'waiting for 1 resource (timeout 30.0s)\n'],
        [['--timeout', '0'], 'waiting for 1 resource (no timeout)\n'],
        [['--timeout', '2m'], 'waiting for 1 resource (timeout 2m00s)\n'],
      ] as const) {
        const run = await runCli([...args, `tcp:127.0.0.1:${closed}`], {
          when: ({ stderr }) => stderr.includes('\n'),
          then: (child) => child.kill('SIGTERM'),
        });
        expect(run.stderr.slice(0, run.stderr.indexOf('\n') + 1)).toBe(first);
        expect(run.code).toBe(143);
      }
    });

    it('should make the first check wait for --delay, inside the timeout', async () => {
      const run = await runCli(['--json', '--delay', '300ms', `file:${dir}`]);
      expect(run.code).toBe(0);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; elapsedMs?: number; timeoutMs?: number });
      expect(events[0]).toEqual({ event: 'start', resources: [`file:${dir}`], timeoutMs: 30_000 });
      expect(events[1].event).toBe('attempt');
      expect(events[1].elapsedMs).toBeGreaterThanOrEqual(300);

      // the deadline counts the delay: --delay 300ms with --timeout 1s leaves 700 ms of checks
      const closed = await closedPort();
      const late = await runCli([
        '--delay',
        '300ms',
        '--timeout',
        '1s',
        '--interval',
        '100ms',
        `tcp:127.0.0.1:${closed}`,
      ]);
      expect(late.code).toBe(124);
      expect(late.stderr).toContain('timed out after 1.0s');
    });

    it('should end during --delay on a signal, before any check', async () => {
      const run = await runCli(['--json', '--delay', '20s', `file:${dir}`], {
        when: ({ stdout }) => stdout.includes('"start"'),
        then: (child) => child.kill('SIGINT'),
      });
      expect(run.code).toBe(130);
      expect(run.stdout).not.toContain('"attempt"');
      expect(run.msAfterAct).toBeLessThan(run.ms); // ended by the signal, not by the 20 s
    });
  });

  it('should with --stable wait until a file being written keeps its size', async () => {
    const path = join(dir, 'growing.log');
    writeFileSync(path, '');
    // twelve lines, one every 100 ms: ready (it exists) from the start, stable only after
    const writer = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); let n = 0; const t = setInterval(() => { fs.appendFileSync(${JSON.stringify(path)}, 'line ' + ++n + '\\n'); if (n === 12) clearInterval(t); }, 100);`,
    ]);
    const run = await runCli(['--stable', '500ms', '--interval', '50ms', '--timeout', '10s', `file:${path}`]);
    const written = readFileSync(path, 'utf8').trim().split('\n');
    writer.kill();
    expect(run.code).toBe(0);
    expect(written).toHaveLength(12);
  });

  it("should show a cmd: check's reason from stdout when stderr is empty (pg_isready)", async () => {
    const run = await runCli(['--timeout', '300ms', "cmd:echo 'db:5432 - no response'; exit 2"]);
    expect(run.code).toBe(124);
    expect(run.stderr).toContain('exit 2: db:5432 - no response');
  });

  it('should ask with --ca, --cert and --key a server that wants a client certificate (mutual TLS)', async () => {
    const pki = makePki();
    const server = createHttpsServer(
      {
        key: readFileSync(pki.serverKey),
        cert: readFileSync(pki.serverCert),
        ca: readFileSync(pki.ca),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (_, res) => res.writeHead(204).end(),
    );
    servers.push(server);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const ok = await runCli(['--ca', pki.ca, '--cert', pki.clientCert, '--key', pki.clientKey, url]);
    expect(ok.code).toBe(0);
    const noCert = await runCli(['--timeout', '500ms', '--ca', pki.ca, url]);
    expect(noCert.code).toBe(124);
    const noCa = await runCli(['--timeout', '500ms', url]);
    expect(noCa.code).toBe(124);
    // the server sends its CA along (it has it for the clients): a self-signed root in the chain
    expect(noCa.stderr).toContain('SELF_SIGNED_CERT_IN_CHAIN');
  });

  describe('spellings', () => {
    it("should wait for dockerize's tcp://HOST:PORT", async () => {
      const port = await openPort();
      const run = await runCli([`tcp://127.0.0.1:${port}`]);
      expect(run.code).toBe(0);
    });

    it.each([
      ['tcp://db', "rxjs-wait: invalid resource 'tcp://db' (expected tcp:HOST:PORT"],
      ['command:pg_isready', 'to run a command, write cmd:pg_isready'],
      ['http://unix:app.sock:/health', 'over a unix socket: http://unix:/ABSOLUTE/SOCKET:/PATH'],
      ['db:5432', 'a TCP port is written tcp:db:5432'],
    ])('should exit 2 for %p before anything runs, with the spelling to use', async (target, message) => {
      const run = await runCli([target, '--', 'true']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toContain('waiting');
      expect(run.stderr.trim().split('\n')).toHaveLength(2); // the message and "Try 'rxjs-wait --help'"
    });
  });
});
