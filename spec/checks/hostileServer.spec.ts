/**
 * httpCheck against servers that send what they like: every probe ends as ready, not
 * ready, or (for a throwing `status` predicate) that predicate's own error, within
 * `attemptTimeout`, and nothing escapes to crash the process.
 */
import { firstValueFrom } from 'rxjs';
import type { Socket } from 'node:net';
import { createServer } from 'node:net';
import { isInterrupted, pollUntil } from '../../src/index';
import type { CheckResult } from '../../src/checks/index';
import { httpCheck } from '../../src/checks/index';
import { httpServer, never } from './support';

const servers: { close(done: () => void): void }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((done) => server.close(() => done()))));
});

/** A loopback TCP server that hands each connection to `reply` after the request's first bytes; its URL base. */
async function rawServer(reply: (socket: Socket, request: string) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // the client hanging up on garbage is expected
    socket.once('data', (chunk) => reply(socket, chunk.toString('latin1')));
  });
  servers.push({ close: (done) => (sockets.forEach((s) => s.destroy()), server.close(done)) });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

const redirectTo = (location: string) => (socket: Socket) =>
  socket.end(`HTTP/1.1 302 Found\r\nLocation: ${location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);

/** Probes `base` with a short limit; the result and how long it took. */
async function probe(base: string, attemptTimeout = 300): Promise<{ result: CheckResult; ms: number }> {
  const started = performance.now();
  const result = await httpCheck(`${base}/`, { attemptTimeout }).probe(never());
  return { result, ms: performance.now() - started };
}

describe('httpCheck against a hostile server', () => {
  it.each([
    ['an unclosed IPv6 literal', 'http://[::1', 'HTTP 302 (redirect to an invalid URL: "http://[::1")'],
    [
      'a port over 65535',
      'http://127.0.0.1:70000/',
      'HTTP 302 (redirect to an invalid URL: "http://127.0.0.1:70000/")',
    ],
    [
      'a long invalid URL, cut at 80 characters',
      `http://[::1/${'x'.repeat(200)}`,
      `HTTP 302 (redirect to an invalid URL: "http://[::1/${'x'.repeat(68)}")`,
    ],
    ['an ftp: URL', 'ftp://127.0.0.1/file', 'HTTP 302 (redirect to ftp: not followed)'],
    ['a mailto: URL', 'mailto:ops@example.com', 'HTTP 302 (redirect to mailto: not followed)'],
  ])('should take a redirect to %s as not ready, saying why', async (_, location, detail) => {
    const base = await rawServer(redirectTo(location));
    expect((await probe(base)).result).toEqual({ ready: false, detail });
  });

  it('should keep a wait going through bad redirects until its deadline (not a crash, not a failure)', async () => {
    const base = await rawServer(redirectTo('http://[::1'));
    let calls = 0;
    const check = httpCheck(`${base}/`);
    const error = await firstValueFrom(
      pollUntil((context) => ((calls += 1), check(context)), { interval: 20, timeout: 150, immediate: true }),
    ).catch((e: unknown) => e);
    expect(isInterrupted(error)).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('should stop a redirect loop after 10 redirects', async () => {
    let requests = 0;
    const base = await rawServer((socket) => ((requests += 1), redirectTo('/again')(socket)));
    expect((await probe(base)).result).toEqual({ ready: false, detail: 'HTTP 302 after 10 redirects' });
    expect(requests).toBe(11);
  });

  it('should end the wait with the error a `status` predicate throws, as the condition error it is', async () => {
    const { base } = await httpServer((_, res) => res.writeHead(200).end());
    const thrown = new Error('status predicate broke');
    const check = httpCheck(`${base}/`, {
      status: () => {
        throw thrown;
      },
    });
    await expect(check.probe(never())).rejects.toBe(thrown);
    const error = await firstValueFrom(pollUntil(check, { interval: 10, timeout: 1000, immediate: true })).catch(
      (e: unknown) => e,
    );
    expect(error).toBe(thrown);
    expect(isInterrupted(error)).toBe(false);
  });

  it('should fail with a status predicate that throws after a redirect, too', async () => {
    const base = await rawServer((socket, request) =>
      request.startsWith('GET /next ')
        ? socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
        : redirectTo('/next')(socket),
    );
    const thrown = new RangeError('no');
    const check = httpCheck(`${base}/`, {
      status: () => {
        throw thrown;
      },
    });
    await expect(check.probe(never())).rejects.toBe(thrown);
  });

  it.each([
    ['a garbage status line', (s: Socket) => s.end('HTTP/1.1 abc Nope\r\n\r\n')],
    ['no HTTP at all', (s: Socket) => s.end('SSH-2.0-OpenSSH_9.2\r\n')],
    [
      'a reset in the middle of the headers',
      (s: Socket) => s.write('HTTP/1.1 200 OK\r\nContent-Ty', () => s.resetAndDestroy()),
    ],
    ['a close in the middle of the headers', (s: Socket) => s.end('HTTP/1.1 200 OK\r\nContent-Ty')],
    ['a status over 999', (s: Socket) => s.end('HTTP/1.1 1000 Big\r\nContent-Length: 0\r\n\r\n')],
  ])('should take %s as not ready', async (_, reply) => {
    const base = await rawServer(reply);
    const { result } = await probe(base);
    expect(result.ready).toBe(false);
    expect(result.detail).not.toMatch(/^HTTP 2/);
  });

  it('should wait past 1xx answers for the final one', async () => {
    const base = await rawServer((s) =>
      s.end('HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'),
    );
    expect((await probe(base)).result).toEqual({ ready: true, detail: 'HTTP 200' });
  });

  it('should give up on a 100 Continue that is never followed, within attemptTimeout', async () => {
    const base = await rawServer((s) => s.write('HTTP/1.1 100 Continue\r\n\r\n'));
    const { result, ms } = await probe(base, 200);
    expect(result).toEqual({ ready: false, detail: 'no answer in 200ms' });
    expect(ms).toBeGreaterThanOrEqual(195);
  });

  it('should give up on a server that accepts and never answers, within attemptTimeout', async () => {
    const base = await rawServer(() => undefined);
    const { result, ms } = await probe(base, 200);
    expect(result).toEqual({ ready: false, detail: 'no answer in 200ms' });
    expect(ms).toBeGreaterThanOrEqual(195);
  });

  it('should settle every probe against seeded random bytes, in time, without a crash', async () => {
    // mulberry32: the same 300 replies on every run
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const prefixes = ['', 'HTTP/1.1 ', 'HTTP/1.1 302 Found\r\nLocation: ', 'HTTP/1.1 200 OK\r\n', 'HTTP/1.0 '];
    const replies = Array.from({ length: 300 }, () => {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 120) }, () => Math.floor(random() * 256)));
      const prefix = prefixes[Math.floor(random() * prefixes.length)]!;
      const ending = random();
      return { data: Buffer.concat([Buffer.from(prefix, 'latin1'), bytes]), ending };
    });
    const limit = 250;
    const results: CheckResult[] = [];
    let slowest = 0;
    for (let batch = 0; batch < replies.length; batch += 30) {
      const base = await rawServer((socket, request) => {
        const reply = replies[Number(/^GET \/(\d+)/.exec(request)?.[1] ?? 0)]!;
        if (reply.ending < 0.45) socket.end(reply.data);
        else if (reply.ending < 0.9) socket.write(reply.data, () => socket.resetAndDestroy());
        else socket.write(reply.data); // and stays open
      });
      const probes = replies.slice(batch, batch + 30).map(async (_, i) => {
        const started = performance.now();
        // follow: false, so a random Location never sends a request off this machine
        const result = await httpCheck(`${base}/${batch + i}`, { attemptTimeout: limit, follow: false }).probe(never());
        slowest = Math.max(slowest, performance.now() - started);
        return result;
      });
      results.push(...(await Promise.all(probes)));
    }
    expect(results).toHaveLength(300);
    for (const result of results) {
      expect(typeof result.ready).toBe('boolean');
      expect(typeof result.detail).toBe('string');
    }
    // each probe ends by its own limit; the margin is for a loaded machine's event loop
    expect(slowest).toBeLessThan(limit + 1500);
  });
});
