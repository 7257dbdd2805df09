/**
 * End-to-end: the built CLI (dist/cjs/cli/main.js, made by `npm test` before jest runs)
 * against real loopback servers, files and commands, in real time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, closedPort, httpServer, listen, processGone, runCli, servers, sh } from './support';

const sockets: Socket[] = [];
let dir: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test does) first`);
  dir = mkdtempSync(join(tmpdir(), 'rxjs-wait-e2e-'));
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

jest.setTimeout(15_000);

describe('rxjs-wait CLI', () => {
  describe('success', () => {
    it('should wait for an HTTP service that answers 503 before 200 and exit 0 with a summary', async () => {
      let requests = 0;
      const port = await listen(httpServer((_req, res) => res.writeHead(++requests <= 3 ? 503 : 200).end()));
      const run = await runCli([`http://127.0.0.1:${port}/health`, '--interval', '50ms', '--timeout', '5s']);
      expect(run.code).toBe(0);
      expect(requests).toBe(4);
      expect(run.stderr).toContain(`waiting  http://127.0.0.1:${port}/health  HTTP 503 (attempt 1)`);
      expect(run.stderr).toContain(`ready    http://127.0.0.1:${port}/health  HTTP 200 (attempt 4)`);
      expect(run.stderr).toMatch(/ready after \d/);
      // all of it on stderr: stdout belongs to COMMAND
      expect(run.stdout).toBe('');
    });

    it('should follow redirects by default, and not with --no-follow', async () => {
      const port = await listen(
        httpServer((req, res) =>
          req.url === '/old' ? res.writeHead(302, { location: '/new' }).end() : res.writeHead(200).end(),
        ),
      );
      const followed = await runCli([`http://127.0.0.1:${port}/old`, '--timeout', '5s']);
      expect(followed.code).toBe(0);
      expect(followed.stderr).toContain('HTTP 200 after 1 redirect');
      const stopped = await runCli([
        `http://127.0.0.1:${port}/old`,
        '--no-follow',
        '--interval',
        '50ms',
        '--timeout',
        '300ms',
      ]);
      expect(stopped.code).toBe(124);
      expect(stopped.stderr).toContain('(HTTP 302)');
    });

    it('should wait for HTTP over a unix socket, written as wait-on writes it', async () => {
      const path = join(dir, 'http.sock');
      const paths: string[] = [];
      const server = httpServer((req, res) => (paths.push(req.url ?? ''), res.writeHead(200).end()));
      await new Promise<void>((resolve) => server.listen(path, resolve));
      const run = await runCli([`http://unix:${path}:/_ping?x=1`, '--timeout', '5s']);
      expect(run.code).toBe(0);
      expect(paths).toEqual(['/_ping?x=1']);
    });

    it('should honour --status, --method and --header', async () => {
      const seen: string[] = [];
      const port = await listen(
        httpServer((req, res) => {
          seen.push(`${req.method} ${req.headers['x-token']}`);
          res.writeHead(req.headers['x-token'] === 'secret' ? 302 : 401).end();
        }),
      );
      const run = await runCli([
        `http://127.0.0.1:${port}/`,
        '--status',
        '200-399',
        '--method',
        'HEAD',
        '-H',
        'X-Token: secret',
        '--timeout',
        '3s',
      ]);
      expect(run.code).toBe(0);
      expect(seen).toEqual(['HEAD secret']);
    });

    it('should wait for a TCP port that starts listening later', async () => {
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      const port = await closedPort();
      const run = await runCli([`tcp:127.0.0.1:${port}`, '--interval', '50ms', '--timeout', '5s', '--json'], {
        when: ({ stdout }) => stdout.includes('"ECONNREFUSED"'),
        then: () => server.listen(port, '127.0.0.1'),
      });
      expect(run.code).toBe(0);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; detail?: string });
      expect(events[0].event).toBe('start');
      expect(events.some((e) => e.detail === 'ECONNREFUSED')).toBe(true);
      expect(events.slice(-2).map((e) => e.event)).toEqual(['ready', 'done']);
    });

    it('should wait for a unix socket, a stale socket file with no listener not being ready', async () => {
      const path = join(dir, 'app.sock');
      // a process that dies without closing its server leaves the socket file behind
      const owner = spawn(
        process.execPath,
        ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      await new Promise((resolve) => owner.stdout!.once('data', resolve));
      owner.kill('SIGKILL');
      await new Promise((resolve) => owner.once('exit', resolve));
      expect(existsSync(path)).toBe(true);
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      const run = await runCli([`unix:${path}`, '--interval', '50ms', '--timeout', '5s', '--json'], {
        when: ({ stdout }) => stdout.includes('"ECONNREFUSED"'),
        then: () => {
          rmSync(path);
          server.listen(path);
        },
      });
      expect(run.code).toBe(0);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; detail?: string });
      expect(events.some((e) => e.detail === 'ECONNREFUSED')).toBe(true);
      expect(events.slice(-2).map((e) => e.event)).toEqual(['ready', 'done']);
    });

    it('should wait for a file to appear, and with --reverse for it to go', async () => {
      const path = join(dir, 'ready.flag');
      const appear = await runCli([`file:${path}`, '--interval', '50ms', '--timeout', '5s'], {
        when: ({ stderr }) => stderr.includes('missing (attempt 1)'),
        then: () => writeFileSync(path, 'x'),
      });
      expect(appear.code).toBe(0);
      expect(appear.stderr).toContain('waiting  file:');
      expect(appear.stderr).toContain('missing (attempt 1)');
      const gone = await runCli([`file:${path}`, '--reverse', '--interval', '50ms', '--timeout', '5s'], {
        when: ({ stderr }) => stderr.includes('exists, 1 byte (attempt 1)'),
        then: () => rmSync(path),
      });
      expect(gone.code).toBe(0);
      expect(gone.stderr).toContain('waiting  file:');
      expect(gone.stderr).toContain('exists, 1 byte (attempt 1)');
    });

    it('should with --reverse wait for a TCP port to close', async () => {
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const run = await runCli([`tcp:127.0.0.1:${port}`, '--reverse', '--interval', '50ms', '--timeout', '5s'], {
        when: ({ stderr }) => stderr.includes('still connected'),
        then: () => server.close(),
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('gone (ECONNREFUSED)');
    });

    it('should not take a file check that cannot tell (ELOOP) as gone with --reverse', async () => {
      const loop = join(dir, 'loop-a');
      symlinkSync(join(dir, 'loop-b'), loop);
      symlinkSync(loop, join(dir, 'loop-b'));
      const run = await runCli([`file:${loop}`, '--reverse', '--interval', '50ms', '--timeout', '300ms']);
      expect(run.code).toBe(124);
      expect(run.stderr).toContain('(ELOOP)');
    });

    it('should wait for a command to exit 0', async () => {
      const flag = join(dir, 'cmd.flag');
      const script = `process.exit(require('fs').existsSync(${JSON.stringify(flag)}) ? 0 : 3)`;
      const run = await runCli(['--interval', '50ms', '--timeout', '5s', `cmd:${sh(process.execPath, '-e', script)}`], {
        when: ({ stderr }) => stderr.includes('exit 3 (attempt 1)'),
        then: () => writeFileSync(flag, 'x'),
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('exit 3 (attempt 1)');
    });

    it('should count a resource ready only after --stable of ready checks in a row', async () => {
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const run = await runCli([`tcp:127.0.0.1:${port}`, '--stable', '300ms', '--interval', '100ms', '--json']);
      expect(run.code).toBe(0);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; detail?: string; elapsedMs?: number });
      expect(events.some((e) => e.detail?.includes('stable') === true)).toBe(true);
      const ready = events.find((e) => e.event === 'ready')!;
      expect(ready.elapsedMs).toBeGreaterThanOrEqual(300);
    });

    it('should be satisfied by one resource with --any', async () => {
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      const open = await listen(server);
      const closed = await closedPort();
      const run = await runCli([`tcp:127.0.0.1:${closed}`, `tcp:127.0.0.1:${open}`, '--any', '--timeout', '3s']);
      expect(run.code).toBe(0);
    });

    it('should grow the delay with --backoff', async () => {
      const closed = await closedPort();
      const run = await runCli([
        `tcp:127.0.0.1:${closed}`,
        '--backoff',
        '2',
        '--interval',
        '100ms',
        '--timeout',
        '1s',
        '--json',
      ]);
      expect(run.code).toBe(124);
      const attempts = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; elapsedMs: number; nextDelayMs: number | null })
        .filter((e) => e.event === 'attempt');
      // attempts near 0, 100, 300, 700 ms: four before the 1 s deadline (a fixed 100 ms poll would make ten);
      // the library's onAttempt says when the next one comes, and that none follows the last
      expect(attempts).toHaveLength(4);
      expect(attempts.map((a) => a.nextDelayMs)).toEqual([100, 200, 400, null]);
      expect(attempts[3].elapsedMs).toBeGreaterThanOrEqual(690);
    });
  });

  describe('deadline', () => {
    it('should exit 124 close to the deadline, naming what was not ready', async () => {
      const closed = await closedPort();
      const run = await runCli([`tcp:127.0.0.1:${closed}`, '--interval', '100ms', '--timeout', '700ms']);
      expect(run.code).toBe(124);
      expect(run.ms).toBeGreaterThanOrEqual(700);
      expect(run.ms).toBeLessThan(700 + 1500);
      expect(run.stderr.split('\n').at(-2)).toBe(
        `rxjs-wait: timed out after 700ms; not ready: tcp:127.0.0.1:${closed} (ECONNREFUSED)`,
      );
      expect(run.stdout).toBe('');
    });

    it('should end at the deadline when a server accepts but never answers', async () => {
      const server = createTcpServer((socket) => sockets.push(socket));
      servers.push(server);
      const port = await listen(server);
      const run = await runCli([`http://127.0.0.1:${port}/`, '--timeout', '700ms']);
      expect(run.code).toBe(124);
      expect(run.ms).toBeLessThan(700 + 1500);
      expect(run.stderr).toContain('no answer yet');
    });

    it('should reach the deadline, not crash, when a server redirects to a URL that cannot be parsed', async () => {
      const server = createServer((_, res) => res.writeHead(302, { Location: 'http://[::1' }).end());
      servers.push(server);
      const port = await listen(server);
      const run = await runCli([`http://127.0.0.1:${port}/`, '--interval', '100ms', '--timeout', '500ms']);
      expect(run.code).toBe(124);
      expect(run.stderr).toContain('(HTTP 302 (redirect to an invalid URL: "http://[::1"))');
      expect(run.stderr).not.toContain('    at ');
    });

    it('should abandon a hung check after --attempt-timeout and try again', async () => {
      const server = createTcpServer((socket) => sockets.push(socket));
      servers.push(server);
      const port = await listen(server);
      const run = await runCli([
        `http://127.0.0.1:${port}/`,
        '--attempt-timeout',
        '200ms',
        '--interval',
        '50ms',
        '--timeout',
        '1s',
      ]);
      expect(run.code).toBe(124);
      expect(run.stderr).toContain('no answer in 200ms (attempt 1)');
    });
  });

  describe('signals', () => {
    it('should exit 130 at once on SIGINT', async () => {
      const closed = await closedPort();
      const run = await runCli([`tcp:127.0.0.1:${closed}`, '--interval', '100ms'], {
        when: ({ stderr }) => stderr.includes('ECONNREFUSED (attempt 1)'),
        then: (child) => child.kill('SIGINT'),
      });
      expect(run.code).toBe(130);
      expect(run.msAfterAct).toBeLessThan(1500);
      expect(run.stderr).toContain('interrupted by SIGINT');
    });

    it('should exit 143 on SIGTERM, killing a command in flight', async () => {
      const pidFile = join(dir, 'sleep.pid');
      const script = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000)`;
      const run = await runCli([`cmd:${sh(process.execPath, '-e', script)}`], {
        when: () => existsSync(pidFile),
        then: (child) => child.kill('SIGTERM'),
      });
      expect(run.code).toBe(143);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(await processGone(pid, 3000)).toBe(true); // the child was killed, not left for its 60 s
    });
  });

  describe('process trees', () => {
    // a shell whose own child (the grandchild) holds the stderr pipe, with or without
    // ignoring SIGTERM: the deadline must not wait for it, nor leave it behind
    it.each([
      ['a grandchild', ''],
      ['a grandchild that ignores SIGTERM', 'trap "" TERM; '],
    ])('should exit 124 within a second of the deadline, leaving no process (%s)', async (_name, trap) => {
      const pidFile = join(dir, `grandchild-${trap === '' ? 'plain' : 'trap'}.pid`);
      const run = await runCli(['--timeout', '1s', `cmd:${trap}sleep 30 & echo $! > ${pidFile}; wait`]);
      expect(run.code).toBe(124);
      expect(run.ms).toBeLessThan(1000 + 1000 + 500); // deadline + a second + node start-up
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(await processGone(pid, 1000)).toBe(true);
    });

    it('should end a check that outlives --attempt-timeout with its whole group, and try again', async () => {
      const pids = join(dir, 'attempts.pid');
      const run = await runCli(
        [
          '--attempt-timeout',
          '200ms',
          '--interval',
          '50ms',
          '--timeout',
          '2s',
          `cmd:sleep 30 & echo $! >> ${pids}; wait`,
        ],
        {
          when: () => existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length >= 3,
          then: (child) => child.kill('SIGINT'),
        },
      );
      expect(run.code).toBe(130);
      const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
      expect(started.length).toBeGreaterThanOrEqual(3);
      for (const pid of started) expect(await processGone(pid, 1000)).toBe(true); // no copies piled up
    });
  });

  describe('errors', () => {
    it('should exit 2 for a malformed URL before checking anything, even with --any', async () => {
      const run = await runCli(['--any', 'tcp:127.0.0.1:1', 'http://[not-an-ip/', '--timeout', '5s']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        "rxjs-wait: invalid resource 'http://[not-an-ip/' (expected a URL such as http://host:8080/health)\n" +
          "Try 'rxjs-wait --help' for more information.\n",
      );
    });

    it('should end quietly with its own exit code when the reader of --json goes away (EPIPE)', async () => {
      const child = spawn(
        process.execPath,
        [CLI, '--json', 'tcp:127.0.0.1:1', '--interval', '20ms', '--timeout', '600ms'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let first = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // read one line, then go away as `| head -1` does
      child.stdout.on('data', (chunk: Buffer) => {
        if (first === '') {
          first = chunk.toString().split('\n')[0];
          child.stdout.destroy();
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(JSON.parse(first)).toMatchObject({ event: 'start' });
      expect(code).toBe(124);
      expect(stderr).toBe('rxjs-wait: timed out after 600ms; not ready: tcp:127.0.0.1:1 (ECONNREFUSED)\n');
    });

    it('should print every attempt with -v, where the plain output prints changes only', async () => {
      const args = ['tcp:127.0.0.1:1', '--interval', '50ms', '--timeout', '230ms'];
      const plain = await runCli(args);
      const verbose = await runCli(['-v', ...args]);
      const waitingLines = (text: string) => text.split('\n').filter((line) => line.includes('waiting  tcp:')).length;
      expect(waitingLines(plain.stderr)).toBe(1);
      expect(waitingLines(verbose.stderr)).toBe(5); // attempts at 0, 50, 100, 150, 200
      expect(verbose.code).toBe(124);
    });

    it('should exit 1 for a cmd: check whose command cannot run at all', async () => {
      const run = await runCli(['--timeout', '5s', 'cmd:rxjs-wait-no-such-command-xyz']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('cannot run cmd:rxjs-wait-no-such-command-xyz');
      expect(run.stderr).toContain('not found');
    });
  });

  describe('-- COMMAND, run once ready', () => {
    it('should run COMMAND once everything is ready, with our stdio, and exit with its status', async () => {
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      const port = await listen(server);
      const run = await runCli([
        '-q',
        `tcp:127.0.0.1:${port}`,
        '--',
        process.execPath,
        '-e',
        'console.log("started"); process.exit(7)',
      ]);
      expect(run.stdout).toBe('started\n');
      expect(run.code).toBe(7);
    });

    it.each([
      ['the plain output', [], 'ready after'],
      ['-v', ['-v'], 'ready    tcp:'],
      ['--json', ['--json'], '"event":"ready"'],
    ])(
      'should leave stdout to COMMAND alone with %s: a dump redirected to a file gets nothing of ours',
      async (_name, flags, ours) => {
        const server = createTcpServer((socket) => socket.end());
        servers.push(server);
        const port = await listen(server);
        const run = await runCli([
          ...flags,
          `tcp:127.0.0.1:${port}`,
          '--',
          process.execPath,
          '-e',
          'process.stdout.write("KEY=value\\n")',
        ]);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe('KEY=value\n');
        expect(run.stderr).toContain(ours);
      },
    );

    it('should not run COMMAND on a timeout, and exit 124', async () => {
      const flag = join(dir, 'ran.flag');
      const run = await runCli([
        '-q',
        'tcp:127.0.0.1:1',
        '--timeout',
        '300ms',
        '--',
        process.execPath,
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(flag)}, 'x')`,
      ]);
      expect(run.code).toBe(124);
      expect(existsSync(flag)).toBe(false);
    });

    it('should pass SIGTERM on to COMMAND and exit as it does', async () => {
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      const port = await listen(server);
      const script =
        'process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(42); }); console.log("up"); setInterval(() => {}, 1000)';
      const run = await runCli(['-q', `tcp:127.0.0.1:${port}`, '--', process.execPath, '-e', script], {
        when: ({ stdout }) => stdout.includes('up'),
        then: (child) => child.kill('SIGTERM'),
      });
      expect(run.stdout).toBe('up\ngot SIGTERM\n');
      expect(run.code).toBe(42);
    });

    it('should exit 127 when COMMAND cannot be found', async () => {
      const server = createTcpServer((socket) => socket.end());
      servers.push(server);
      const port = await listen(server);
      const run = await runCli(['-q', `tcp:127.0.0.1:${port}`, '--', 'rxjs-wait-no-such-command-xyz']);
      expect(run.code).toBe(127);
      expect(run.stderr).toBe("rxjs-wait: cannot run 'rxjs-wait-no-such-command-xyz': ENOENT\n");
    });

    it.each<[string[], string]>([
      [['--frobnicate', 'tcp:1'], "rxjs-wait: Unknown option '--frobnicate'"],
      [
        ['--timeout', 'soon', 'tcp:1'],
        "rxjs-wait: invalid duration for --timeout: 'soon' (use e.g. 500ms, 2s, 1.5m, 1h)",
      ],
      [[], 'rxjs-wait: nothing to wait for: name at least one RESOURCE'],
      [
        ['--interval', `${'9'.repeat(400)}ms`, 'tcp:1'],
        "rxjs-wait: invalid duration for --interval: '99999999999999999999…' (too long)",
      ],
      [
        ['--stable', `${'9'.repeat(400)}s`, 'tcp:1'],
        "rxjs-wait: invalid duration for --stable: '99999999999999999999…' (too long)",
      ],
    ])('should exit 2 for %p with one line and a hint', async (args, message) => {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`${message}\nTry 'rxjs-wait --help' for more information.\n`);
      expect(run.stdout).toBe('');
    });

    it('should print the help and exit 0', async () => {
      const run = await runCli(['--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: rxjs-wait [options] RESOURCE...');
    });
  });
});
