// Real loopback servers and sockets for the checks' specs, closed after each test.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Server as TcpServer } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const open: (Server | TcpServer)[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => new Promise((done) => server.close(done))));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** An HTTP server on a loopback port (or on `socketPath`); its URL base. */
export async function httpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  socketPath?: string,
): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  // keep-alive connections would hold close() up
  server.on('connection', (socket) => server.once('close', () => socket.destroy()));
  open.push(server);
  await new Promise<void>((ready) =>
    socketPath === undefined ? server.listen(0, '127.0.0.1', ready) : server.listen(socketPath, ready),
  );
  const address = server.address();
  const base = typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  return { server, base };
}

/** A TCP server that accepts connections and says nothing; its port. */
export async function tcpServer(): Promise<{ server: TcpServer; port: number }> {
  const server = createTcpServer((socket) => server.once('close', () => socket.destroy()));
  open.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  await new Promise((done) => server.close(done));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** A fresh folder, removed after the test. */
export function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rxjs-wait-checks-'));
  folders.push(dir);
  return dir;
}

/** A signal that never aborts. */
export const never = (): AbortSignal => new AbortController().signal;

/** Resolves after `ms` real milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** PEM files for mutual TLS, made by openssl: a CA, a server certificate for 127.0.0.1 and a client certificate, both signed by the CA. */
export interface Pki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A private CA and two certificates it signed, in a fresh folder (openssl, as in CI). */
export function makePki(): Pki {
  const dir = folder();
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, subject, ext] of [
    ['server', '/CN=127.0.0.1', ['-extfile', 'server.ext']],
    ['client', '/CN=a client', []],
  ] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      `${name}.pem`,
      ...ext,
    );
  }
  return {
    dir,
    ca: at('ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
  };
}

/**
 * An HTTPS server on a loopback port with the server certificate of `pki`; with `mutual`,
 * it asks for a client certificate signed by the CA and refuses the handshake without one.
 * Answers 200 with the client's common name, if any.
 */
export async function httpsServer(pki: Pki, mutual: boolean): Promise<{ base: string }> {
  const server = createHttpsServer(
    {
      key: readFileSync(pki.serverKey),
      cert: readFileSync(pki.serverCert),
      ...(mutual ? { ca: readFileSync(pki.ca), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.writeHead(200).end(peer?.subject?.CN ?? '');
    },
  );
  open.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  return { base: `https://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` };
}
