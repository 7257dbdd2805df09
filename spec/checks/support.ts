// Real loopback servers and sockets for the checks' specs, closed after each test.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Server as TcpServer } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
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
