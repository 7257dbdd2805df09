import { firstValueFrom } from 'rxjs';
import { pollUntil } from '../../src/index';
import { httpCheck } from '../../src/checks/index';
import { folder, httpServer, httpsServer, makePki, never, sleep } from './support';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';

describe('httpCheck', () => {
  it('should be ready on a 2xx answer and say what it saw', async () => {
    const { base } = await httpServer((_, res) => res.writeHead(204).end());
    const check = httpCheck(`${base}/health`);
    expect(check.label).toBe(`${base}/health`);
    expect(await check.probe(never())).toEqual({ ready: true, detail: 'HTTP 204' });
    expect(await check({ signal: never() })).toBe(true);
  });

  it('should take a refused connection as "not ready", so a wait goes on until the server is up', async () => {
    // docs/errors.md's first example: a plain fetch rejects with ECONNREFUSED and ends the wait
    const { server, base } = await httpServer((_, res) => res.end('ok'));
    const port = Number(new URL(base).port);
    await new Promise((done) => server.close(done));
    const check = httpCheck(`${base}/`);
    expect(await check.probe(never())).toEqual({ ready: false, detail: 'ECONNREFUSED' });
    const seen: string[] = [];
    const condition = async ({ signal }: { signal: AbortSignal }) => {
      const result = await check.probe(signal);
      seen.push(result.detail);
      // the service comes up after the second refusal
      if (seen.length === 2) await new Promise<void>((up) => server.listen(port, '127.0.0.1', up));
      return result.ready;
    };
    await firstValueFrom(pollUntil(condition, { interval: 20, timeout: 5000 }));
    expect(seen).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'HTTP 200']);
    expect(await check({ signal: never() })).toBe(true);
  });

  it('should follow redirects, counting them in the detail, and not with follow: false', async () => {
    const { base } = await httpServer((req, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new' }).end();
      else res.writeHead(200).end();
    });
    expect(await httpCheck(`${base}/old`).probe(never())).toEqual({ ready: true, detail: 'HTTP 200 after 1 redirect' });
    expect(await httpCheck(`${base}/old`, { follow: false }).probe(never())).toEqual({
      ready: false,
      detail: 'HTTP 302',
    });
  });

  it('should turn a POST into a GET after a 303, and keep the method after a 307', async () => {
    const methods: string[] = [];
    const { base } = await httpServer((req, res) => {
      methods.push(`${req.method} ${req.url}`);
      if (req.url === '/see-other') res.writeHead(303, { location: '/done' }).end();
      else if (req.url === '/temporary') res.writeHead(307, { location: '/done' }).end();
      else res.writeHead(200).end();
    });
    await httpCheck(`${base}/see-other`, { method: 'post' }).probe(never());
    await httpCheck(`${base}/temporary`, { method: 'POST' }).probe(never());
    expect(methods).toEqual(['POST /see-other', 'GET /done', 'POST /temporary', 'POST /done']);
  });

  it('should stop after 10 redirects and report the last answer', async () => {
    let requests = 0;
    const { base } = await httpServer((_, res) => {
      requests += 1;
      res.writeHead(301, { location: '/again' }).end();
    });
    expect(await httpCheck(`${base}/`).probe(never())).toEqual({ ready: false, detail: 'HTTP 301 after 10 redirects' });
    expect(requests).toBe(11);
  });

  it('should send the method and headers, and judge the status with `status`', async () => {
    const seen: string[] = [];
    const { base } = await httpServer((req, res) => {
      seen.push(`${req.method} ${req.headers['x-token']}`);
      res.writeHead(404).end();
    });
    const check = httpCheck(`${base}/`, { method: 'HEAD', headers: { 'X-Token': 'abc' }, status: (s) => s === 404 });
    expect(await check.probe(never())).toEqual({ ready: true, detail: 'HTTP 404' });
    expect(seen).toEqual(['HEAD abc']);
  });

  it('should ask over a unix socket, written as wait-on writes it', async () => {
    const socket = join(folder(), 'app.sock');
    await httpServer((req, res) => res.writeHead(req.url === '/_ping?x=1' ? 200 : 500).end(), socket);
    expect(await httpCheck(`http://unix:${socket}:/_ping?x=1`).probe(never())).toEqual({
      ready: true,
      detail: 'HTTP 200',
    });
  });

  it('should stay on the socket for a redirect to a path of the same host', async () => {
    const socket = join(folder(), 'same.sock');
    await httpServer((req, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new' }).end();
      else res.writeHead(req.url === '/new' ? 200 : 404).end();
    }, socket);
    expect(await httpCheck(`http://unix:${socket}:/old`).probe(never())).toEqual({
      ready: true,
      detail: 'HTTP 200 after 1 redirect',
    });
  });

  it('should take 200 to 299 as ready by default, and 300 not', async () => {
    const { base } = await httpServer((req, res) => res.writeHead(Number(req.url?.slice(1))).end());
    expect((await httpCheck(`${base}/200`).probe(never())).ready).toBe(true);
    expect((await httpCheck(`${base}/299`).probe(never())).ready).toBe(true);
    expect(await httpCheck(`${base}/300`).probe(never())).toEqual({ ready: false, detail: 'HTTP 300' });
    expect(await httpCheck(`${base}/503`).probe(never())).toEqual({ ready: false, detail: 'HTTP 503' });
  });

  it('should leave the socket when a redirect goes to another host', async () => {
    const { base } = await httpServer((_, res) => res.writeHead(200).end());
    const socket = join(folder(), 'redirect.sock');
    await httpServer((_, res) => res.writeHead(302, { location: `${base}/elsewhere` }).end(), socket);
    expect(await httpCheck(`http://unix:${socket}:/`).probe(never())).toEqual({
      ready: true,
      detail: 'HTTP 200 after 1 redirect',
    });
  });

  it('should abandon a server that never answers after attemptTimeout, closing the request', async () => {
    let closed = 0;
    const { base } = await httpServer((_, res) => res.on('close', () => (closed += 1)));
    const started = Date.now();
    const result = await httpCheck(`${base}/`, { attemptTimeout: 100 }).probe(never());
    expect(result).toEqual({ ready: false, detail: 'no answer in 100ms' });
    expect(Date.now() - started).toBeLessThan(2000);
    for (let i = 0; i < 100 && closed === 0; i++) await sleep(10);
    expect(closed).toBe(1);
  });

  it('should abort the request when the signal aborts', async () => {
    let closed = 0;
    const { base } = await httpServer((_, res) => res.on('close', () => (closed += 1)));
    const controller = new AbortController();
    const result = httpCheck(`${base}/`, { attemptTimeout: Infinity }).probe(controller.signal);
    await sleep(50);
    controller.abort();
    expect((await result).ready).toBe(false);
    for (let i = 0; i < 100 && closed === 0; i++) await sleep(10);
    expect(closed).toBe(1);
  });

  it('should refuse a self-signed certificate as "not ready", and accept it with insecure: true', async () => {
    const dir = folder();
    // a real self-signed certificate, made by openssl for this test
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const server = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_, res) => res.writeHead(200).end(),
    );
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    try {
      const address = server.address();
      const url = `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
      expect(await httpCheck(url).probe(never())).toEqual({ ready: false, detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(await httpCheck(url, { insecure: true }).probe(never())).toEqual({ ready: true, detail: 'HTTP 200' });
    } finally {
      server.close();
    }
  });

  it('should trust a private CA with ca, and present a client certificate with cert and key (mutual TLS)', async () => {
    const pki = makePki();
    const ca = readFileSync(pki.ca);
    const { base } = await httpsServer(pki, false);
    expect(await httpCheck(`${base}/`).probe(never())).toEqual({
      ready: false,
      detail: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(await httpCheck(`${base}/`, { ca }).probe(never())).toEqual({ ready: true, detail: 'HTTP 200' });
    expect(await httpCheck(`${base}/`, { ca: [ca.toString('utf8')] }).probe(never())).toEqual({
      ready: true,
      detail: 'HTTP 200',
    });
    // a redirect from plain HTTP to it is followed, with the same trust
    const upgrade = await httpServer((_, res) => res.writeHead(301, { Location: `${base}/` }).end());
    expect(await httpCheck(`${upgrade.base}/`, { ca }).probe(never())).toEqual({
      ready: true,
      detail: 'HTTP 200 after 1 redirect',
    });

    const mutual = await httpsServer(pki, true);
    // without a client certificate the server ends the handshake: not ready, never an error
    const refused = await httpCheck(`${mutual.base}/`, { ca }).probe(never());
    expect(refused.ready).toBe(false);
    const cert = readFileSync(pki.clientCert, 'utf8');
    const key = readFileSync(pki.clientKey);
    expect(await httpCheck(`${mutual.base}/`, { ca, cert, key }).probe(never())).toEqual({
      ready: true,
      detail: 'HTTP 200',
    });
  });

  it.each([
    [{ ca: 42 }, /Expected `ca` to be PEM text or a Buffer \(or a list of them\), got 42/],
    [{ ca: [] }, /Expected `ca` to be PEM text or a Buffer \(or a list of them\), got an array/],
    [{ ca: ['PEM', 42] }, /Expected `ca` to be PEM text or a Buffer \(or a list of them\), got an array/],
    [{ ca: '' }, /Expected `ca`/],
    [{ cert: 'PEM', key: 7 }, /Expected `key` to be PEM text or a Buffer, got 7/],
    [{ cert: 'PEM' }, /Expected `key` to be given with `cert`, got undefined/],
    [{ key: 'PEM' }, /Expected `cert` to be given with `key`, got undefined/],
  ])('should refuse the TLS options %p with a TypeError naming the option', (options, message) => {
    expect(() => httpCheck('https://localhost/', options as never)).toThrow(TypeError);
    expect(() => httpCheck('https://localhost/', options as never)).toThrow(message);
  });

  it.each([
    ['http://unix:app.sock:/health'],
    ['http://unix:/run/app.sock:http://localhost/health'],
    ['http://unix/health'],
    ['https://UNIX:/run/app.sock'],
  ])('should refuse %p, a unix-socket URL not written http://unix:/SOCKET:/PATH (no host is called unix)', (url) => {
    expect(() => httpCheck(url)).toThrow(
      new TypeError(
        `Expected \`url\` to be an http(s) URL with a host, or http://unix:/ABSOLUTE/SOCKET:/PATH, got "${url}"`,
      ),
    );
  });

  it.each([
    ['http://', TypeError, /Expected `url` to be an http\(s\) URL with a host/],
    ['http://localhost:99999/', TypeError, /`url`/],
    ['ftp://host/', TypeError, /`url`/],
    ['xhttp://host/', TypeError, /`url`/],
    ['ftp+http://unix:/run/app.sock:/health', TypeError, /`url`/],
    [42, TypeError, /`url`.*got 42/],
  ])('should refuse the URL %p with a %p naming it', (url, type, message) => {
    expect(() => httpCheck(url as string)).toThrow(type);
    expect(() => httpCheck(url as string)).toThrow(message);
  });

  it('should take a URL object, labelled by its href', () => {
    expect(httpCheck(new URL('http://localhost:8080/a')).label).toBe('http://localhost:8080/a');
  });

  it.each([
    [{ method: 'GE T' }, TypeError, 'Expected `method` to be an HTTP method, got "GE T"'],
    // a String object reads as "GET" to a regular expression, but http.request wants a string
    [{ method: new String('GET') }, TypeError, 'Expected `method` to be an HTTP method, got an object'],
    [{ headers: null }, TypeError, 'Expected `headers` to be an object, got null'],
    [{ headers: 'x-a: b' }, TypeError, 'Expected `headers` to be an object, got "x-a: b"'],
    [{ headers: { 'x-a': 'line\nbreak' } }, TypeError, 'Expected `headers["x-a"]` to be a valid HTTP header'],
    [{ status: 200 }, TypeError, 'Expected `status` to be a function, got 200'],
    [{ insecure: 'yes' }, TypeError, 'Expected `insecure` to be a boolean, got "yes"'],
    [{ follow: 1 }, TypeError, 'Expected `follow` to be a boolean, got 1'],
    [{ attemptTimeout: 0 }, RangeError, 'Expected `attemptTimeout` to be a number > 0 (Infinity for none), got 0'],
    [{ attemptTimeout: NaN }, RangeError, 'got NaN'],
    [{ label: 5 }, TypeError, 'Expected `label` to be a string, got 5'],
  ])('should refuse the options %p with a %p naming the option', (options, type, message) => {
    const call = () => httpCheck('http://localhost/', options as never);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('should refuse options that are not an object', () => {
    expect(() => httpCheck('http://localhost/', null as never)).toThrow(
      'Expected the options of `httpCheck` to be an object, got null',
    );
  });
});
