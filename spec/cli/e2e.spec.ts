/**
 * End-to-end: the built CLI (dist/cjs/cli/main.js, made by `npm test` before jest runs)
 * against real loopback servers, files and commands, in real time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cjs', 'cli', 'main.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runCli(args: string[], options: { killWith?: NodeJS.Signals; killAfter?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (options.killWith) setTimeout(() => child.kill(options.killWith), options.killAfter ?? 300);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer(handler);
  servers.push(server);
  return server;
}

const servers: { close(cb?: () => void): unknown }[] = [];
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
      expect(run.stdout).toContain(`waiting  http://127.0.0.1:${port}/health  HTTP 503 (attempt 1)`);
      expect(run.stdout).toContain(`ready    http://127.0.0.1:${port}/health  HTTP 200 (attempt 4)`);
      expect(run.stdout).toMatch(/ready after \d/);
      expect(run.stderr).toBe('');
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
      setTimeout(() => server.listen(port, '127.0.0.1'), 300);
      const run = await runCli([`tcp:127.0.0.1:${port}`, '--interval', '50ms', '--timeout', '5s', '--json']);
      expect(run.code).toBe(0);
      const events = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string; detail?: string });
      expect(events[0].event).toBe('start');
      expect(events.some((e) => e.detail === 'ECONNREFUSED')).toBe(true);
      expect(events.slice(-2).map((e) => e.event)).toEqual(['ready', 'done']);
    });

    it('should wait for a file to appear, and with --reverse for it to go', async () => {
      const path = join(dir, 'ready.flag');
      setTimeout(() => writeFileSync(path, 'x'), 200);
      const appear = await runCli([`file:${path}`, '--interval', '50ms', '--timeout', '5s']);
      expect(appear.code).toBe(0);
      setTimeout(() => rmSync(path), 200);
      const gone = await runCli([`file:${path}`, '--reverse', '--interval', '50ms', '--timeout', '5s']);
      expect(gone.code).toBe(0);
      expect(gone.stdout).toContain('waiting  file:');
      expect(gone.stdout).toContain('exists (attempt 1)');
    });

    it('should wait for a command to exit 0', async () => {
      const flag = join(dir, 'cmd.flag');
      setTimeout(() => writeFileSync(flag, 'x'), 200);
      const script = `process.exit(require('fs').existsSync(${JSON.stringify(flag)}) ? 0 : 3)`;
      const run = await runCli(['--interval', '50ms', '--timeout', '5s', '--', process.execPath, '-e', script]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('exit 3 (attempt 1)');
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
      expect(run.stderr).toBe(`rxjs-wait: timed out after 700ms; not ready: tcp:127.0.0.1:${closed} (ECONNREFUSED)\n`);
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
      expect(run.stdout).toContain('no answer in 200ms (attempt 1)');
    });
  });

  describe('signals', () => {
    it('should exit 130 at once on SIGINT', async () => {
      const closed = await closedPort();
      const run = await runCli([`tcp:127.0.0.1:${closed}`, '--interval', '100ms'], {
        killWith: 'SIGINT',
        killAfter: 500,
      });
      expect(run.code).toBe(130);
      expect(run.ms).toBeLessThan(500 + 1500);
      expect(run.stderr).toContain('interrupted by SIGINT');
    });

    it('should exit 143 on SIGTERM, killing a command in flight', async () => {
      const pidFile = join(dir, 'sleep.pid');
      const script = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000)`;
      const run = await runCli(['--', process.execPath, '-e', script], { killWith: 'SIGTERM', killAfter: 600 });
      expect(run.code).toBe(143);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(() => process.kill(pid, 0)).toThrow(); // the child is gone
    });
  });

  describe('errors', () => {
    it('should exit 1 for a malformed URL found at run time', async () => {
      const run = await runCli(['http://[not-an-ip/', '--timeout', '5s']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('rxjs-wait: malformed URL: http://[not-an-ip/\n');
    });

    it('should exit 1 for a command that cannot run at all', async () => {
      const run = await runCli(['--timeout', '5s', '--', 'rxjs-wait-no-such-command-xyz']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("cannot run 'rxjs-wait-no-such-command-xyz': ENOENT");
    });

    it.each<[string[], string]>([
      [['--frobnicate', 'tcp:1'], "rxjs-wait: Unknown option '--frobnicate'"],
      [
        ['--timeout', 'soon', 'tcp:1'],
        "rxjs-wait: invalid duration for --timeout: 'soon' (use e.g. 500ms, 2s, 1.5m, 1h)",
      ],
      [[], 'rxjs-wait: nothing to wait for: name at least one RESOURCE'],
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
