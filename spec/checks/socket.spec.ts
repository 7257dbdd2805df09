import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { pollUntil } from '../../src/index';
import { reversed, tcpCheck, unixCheck } from '../../src/checks/index';
import { closedPort, folder, never, tcpServer } from './support';

describe('tcpCheck', () => {
  it('should be ready when a connection opens, and not when it is refused', async () => {
    const { port } = await tcpServer();
    expect(await tcpCheck('127.0.0.1', port).probe(never())).toEqual({ ready: true, detail: 'connected' });
    const closed = await closedPort();
    expect(await tcpCheck('127.0.0.1', closed).probe(never())).toEqual({ ready: false, detail: 'ECONNREFUSED' });
  });

  it('should wait through refusals for a port that starts listening', async () => {
    const port = await closedPort();
    const server = createServer((socket) => socket.destroy());
    setTimeout(() => server.listen(port, '127.0.0.1'), 100);
    try {
      await firstValueFrom(pollUntil(tcpCheck('127.0.0.1', port), { interval: 20, timeout: 5000 }));
      expect(server.listening).toBe(true);
    } finally {
      server.close();
    }
  });

  it('should destroy the socket when the signal aborts while it connects', async () => {
    const { server, port } = await tcpServer();
    let connections = 0;
    server.on('connection', () => (connections += 1));
    const controller = new AbortController();
    const result = tcpCheck('127.0.0.1', port).probe(controller.signal);
    controller.abort(); // before the connection could open
    expect(await result).toEqual({ ready: false, detail: 'aborted' });
    // a second, live probe connects; the server sees connections in order, so once it has
    // seen one, an aborted probe that went on connecting would have been seen first
    expect(await tcpCheck('127.0.0.1', port).probe(never())).toEqual({ ready: true, detail: 'connected' });
    while (connections === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(connections).toBe(1);
  });

  it('should take ports 1 and 65535', () => {
    expect(tcpCheck('db', 1).label).toBe('tcp:db:1');
    expect(tcpCheck('db', 65535).label).toBe('tcp:db:65535');
  });

  it('should label itself tcp:host:port, an IPv6 host in brackets', () => {
    expect(tcpCheck('db', 5432).label).toBe('tcp:db:5432');
    expect(tcpCheck('::1', 80).label).toBe('tcp:[::1]:80');
    expect(tcpCheck('db', 5432, { label: 'postgres' }).label).toBe('postgres');
  });

  it('should not connect once the signal has aborted', async () => {
    const { port } = await tcpServer();
    const controller = new AbortController();
    controller.abort();
    expect(await tcpCheck('127.0.0.1', port).probe(controller.signal)).toEqual({ ready: false, detail: 'aborted' });
  });

  it('should with reversed() be ready once the port closes', async () => {
    const { server, port } = await tcpServer();
    const gone = reversed(tcpCheck('127.0.0.1', port));
    expect(await gone.probe(never())).toEqual({ ready: false, detail: 'still connected' });
    await new Promise((done) => server.close(done));
    expect(await gone.probe(never())).toEqual({ ready: true, detail: 'gone (ECONNREFUSED)' });
    expect(gone.label).toBe(`tcp:127.0.0.1:${port}`);
  });

  it.each([
    [['', 80], TypeError, 'Expected `host` to be a host name or address, got ""'],
    [[5, 80], TypeError, 'Expected `host` to be a host name or address, got 5'],
    [['db', 0], RangeError, 'Expected `port` to be an integer >= 1, got 0'],
    [['db', 65536], RangeError, 'Expected `port` to be an integer from 1 to 65535, got 65536'],
    [['db', 80.5], RangeError, 'got 80.5'],
    [['db', '80'], TypeError, 'Expected `port` to be an integer >= 1, got "80"'],
    [['db', 80, { attemptTimeout: -1 }], RangeError, '`attemptTimeout`'],
    [['db', 80, 'fast'], TypeError, 'Expected the options of `tcpCheck` to be an object, got "fast"'],
  ])('should refuse the arguments %p with a %p naming the bad one', (args, type, message) => {
    const call = () => (tcpCheck as (...a: unknown[]) => unknown)(...args);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});

describe('unixCheck', () => {
  it('should be ready when the socket accepts, and not for a stale socket file or none', async () => {
    const dir = folder();
    const path = join(dir, 'app.sock');
    expect(await unixCheck(path).probe(never())).toEqual({ ready: false, detail: 'ENOENT' });
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((ready) => server.listen(path, ready));
    expect(await unixCheck(path).probe(never())).toEqual({ ready: true, detail: 'connected' });
    // a plain file where the socket should be
    const notSocket = join(dir, 'plain');
    writeFileSync(notSocket, '');
    expect(await unixCheck(notSocket).probe(never())).toEqual({ ready: false, detail: 'ECONNREFUSED' });
    await new Promise((done) => server.close(done));
    expect(unixCheck(path).label).toBe(`unix:${path}`);
  });

  it('should refuse an empty path, naming it', () => {
    expect(() => unixCheck('')).toThrow('Expected `path` to be a socket path, got ""');
    expect(() => unixCheck(5 as never)).toThrow('Expected `path` to be a socket path, got 5');
    expect(() => unixCheck('/x', null as never)).toThrow(
      'Expected the options of `unixCheck` to be an object, got null',
    );
    expect(() => unixCheck('/x', { attemptTimeout: 'soon' } as never)).toThrow(TypeError);
  });
});
