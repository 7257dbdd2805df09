import { firstValueFrom } from 'rxjs';
import { isDeadlineExceeded, pollUntil } from '../../src/index';
import { CheckError, commandCheck, fileCheck, httpCheck, reversed, tcpCheck, unixCheck } from '../../src/checks/index';
import { abortListeners } from '../helpers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { folder, httpServer, never, sleep, tcpServer } from './support';

describe('a Check', () => {
  it('should be a condition: its context signal cancels the request at the wait deadline', async () => {
    let closed = 0;
    const { base } = await httpServer((_, res) => res.on('close', () => (closed += 1)));
    const error = await firstValueFrom(
      pollUntil(httpCheck(`${base}/`, { attemptTimeout: Infinity }), { interval: 10, immediate: true, timeout: 100 }),
    ).catch((e: unknown) => e);
    expect(isDeadlineExceeded(error)).toBe(true);
    for (let i = 0; i < 100 && closed === 0; i++) await sleep(10);
    expect(closed).toBe(1);
  });

  it('should report an abort that came from the caller as its own result, not as the time limit', async () => {
    const { base } = await httpServer(() => undefined);
    const controller = new AbortController();
    const result = httpCheck(`${base}/`, { attemptTimeout: 5000 }).probe(controller.signal);
    await sleep(30);
    controller.abort();
    expect((await result).detail).not.toMatch(/no answer/);
  });

  it('should show a limit of a second or more in seconds', async () => {
    const { base } = await httpServer(() => undefined);
    expect(await httpCheck(`${base}/`, { attemptTimeout: 1500 }).probe(never())).toEqual({
      ready: false,
      detail: 'no answer in 1.5s',
    });
    expect(await httpCheck(`${base}/`, { attemptTimeout: 1000 }).probe(never())).toEqual({
      ready: false,
      detail: 'no answer in 1s',
    });
  });

  it("should leave no listener on the caller's signal once a probe has settled, whatever the check", async () => {
    const { base } = await httpServer((_, res) => res.end());
    const { port } = await tcpServer();
    const dir = folder();
    const controller = new AbortController();
    const checks = [
      httpCheck(`${base}/`),
      httpCheck(`${base}/`, { attemptTimeout: Infinity }),
      tcpCheck('127.0.0.1', port, { attemptTimeout: Infinity }),
      unixCheck(join(dir, 'none.sock'), { attemptTimeout: Infinity }),
      fileCheck(dir, { attemptTimeout: Infinity }),
      commandCheck('exit 1', { attemptTimeout: Infinity }),
      reversed(tcpCheck('127.0.0.1', port)),
    ];
    for (const check of checks) {
      await check.probe(controller.signal);
      // (Node's own listener for a request given the signal goes once the socket has closed)
      for (let i = 0; i < 100 && abortListeners(controller.signal) > 0; i++) await sleep(10);
      expect([check.label, abortListeners(controller.signal)]).toEqual([check.label, 0]);
    }
  });

  it('should take a limit beyond what a timer can hold (2^31 ms) as none, not as one that fires at once', async () => {
    const { base } = await httpServer((_, res) => setTimeout(() => res.writeHead(200).end(), 50));
    expect(await httpCheck(`${base}/`, { attemptTimeout: 3_000_000_000 }).probe(never())).toEqual({
      ready: true,
      detail: 'HTTP 200',
    });
  });

  it('should not start the probe when the caller has already aborted', async () => {
    let requests = 0;
    const { base } = await httpServer((_, res) => ((requests += 1), res.end()));
    const controller = new AbortController();
    controller.abort();
    expect((await httpCheck(`${base}/`).probe(controller.signal)).ready).toBe(false);
    expect(requests).toBe(0);
  });

  it('should not connect, nor run a command, for a caller that has already aborted', async () => {
    const { server, port } = await tcpServer();
    let connections = 0;
    server.on('connection', () => (connections += 1));
    const marker = join(folder(), 'ran');
    const gone = AbortSignal.abort();
    expect(await tcpCheck('127.0.0.1', port).probe(gone)).toEqual({ ready: false, detail: 'aborted' });
    expect(await commandCheck(`touch '${marker}'`).probe(gone)).toEqual({ ready: false, detail: 'aborted' });
    // the same checks with a live signal do both; the server sees connections in order
    expect(await tcpCheck('127.0.0.1', port).probe(never())).toEqual({ ready: true, detail: 'connected' });
    while (connections === 0) await sleep(5);
    expect(connections).toBe(1);
    expect(existsSync(marker)).toBe(false);
    expect(await commandCheck(`touch '${marker}'`).probe(never())).toEqual({ ready: true, detail: 'exit 0' });
    expect(existsSync(marker)).toBe(true);
  });

  it('should abort the work of a check that outlives its limit with a TimeoutError, "check timed out"', async () => {
    const { makeCheck } = await import('../../src/checks/check');
    let seen: unknown;
    const slow = makeCheck('slowCheck', { attemptTimeout: 20 }, 'slow', (signal) => {
      return new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          seen = signal.reason;
          resolve({ ready: true, detail: 'late' });
        });
      });
    });
    expect(await slow.probe(never())).toEqual({ ready: false, detail: 'no answer in 20ms' });
    expect(seen).toBeInstanceOf(DOMException);
    expect(seen).toMatchObject({ name: 'TimeoutError', message: 'check timed out' });
  });

  it('should give reversed() only checks of this module', () => {
    expect(() => reversed((() => Promise.resolve(true)) as never)).toThrow(
      'Expected `check` to be a check of rxjs-wait/checks, got a function',
    );
    expect(() => reversed(undefined as never)).toThrow(TypeError);
    expect(() => reversed({ label: 'x', probe: async () => ({ ready: true, detail: '' }) } as never)).toThrow(
      'Expected `check` to be a check of rxjs-wait/checks, got an object',
    );
  });

  it('should name CheckError and keep the label', () => {
    const error = new CheckError('cmd:x', 'cannot run x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CheckError');
    expect(error.label).toBe('cmd:x');
    expect(error.message).toBe('cannot run x');
  });
});

describe('describeFailure', () => {
  it('should show a system error by its code, else by its message, else as text', async () => {
    const { describeFailure } = await import('../../src/checks/check');
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED',
    );
    expect(describeFailure(Object.assign(new Error('odd'), { code: '' }))).toBe('odd');
    expect(describeFailure('plain')).toBe('plain');
    expect(describeFailure(null)).toBe('null');
  });
});
