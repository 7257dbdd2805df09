/**
 * `npm run demo`: a service that is slow to start, and the CLI waiting for it.
 *
 * Starts an HTTP server on a free loopback port that answers 503 for about three
 * seconds and 200 after, then runs the built `rxjs-wait` CLI against it with a timeout
 * and shows its progress. Exits with the CLI's exit code (0 when all went well).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const WARM_UP_MS = 3000;

const startedAt = Date.now();
const server = createServer((_request, response) => {
  const warming = Date.now() - startedAt < WARM_UP_MS;
  response.statusCode = warming ? 503 : 200;
  response.setHeader('connection', 'close');
  response.end(warming ? 'warming up\n' : 'ok\n');
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/healthz`;
  const args = [join(__dirname, 'main.js'), url, '--interval', '500ms', '--timeout', '15s', ...process.argv.slice(2)];
  process.stdout.write(`demo: a service on ${url} answers 503 for ${WARM_UP_MS / 1000}s, then 200\n`);
  process.stdout.write(`demo: rxjs-wait ${args.slice(1).join(' ')}\n\n`);
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  child.on('close', (code, signal) => {
    server.close();
    process.stdout.write(`\ndemo: rxjs-wait exited with ${code ?? signal}\n`);
    process.exitCode = code ?? 1;
  });
});
