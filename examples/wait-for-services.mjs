// Wait for an HTTP service that is not even listening yet, and a TCP port, with the
// ready-made checks of rxjs-wait/checks: a refused connection is "not yet", not a failure.
// Run: npm run build && node examples/wait-for-services.mjs
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { isDeadlineExceeded, pollUntil } from 'rxjs-wait';
import { httpCheck, tcpCheck } from 'rxjs-wait/checks';

// Two free ports, then nothing listening on either.
const freePort = () =>
  new Promise((resolve) => {
    const probe = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
const [httpPort, tcpPort] = [await freePort(), await freePort()];

// The services come up late: the TCP port after 200 ms, the HTTP one after 400 ms.
const startedAt = Date.now();
const tcp = createTcpServer((socket) => socket.end());
const web = createServer((_req, res) => res.writeHead(200).end('ok'));
setTimeout(() => tcp.listen(tcpPort, '127.0.0.1'), 200);
setTimeout(() => web.listen(httpPort, '127.0.0.1'), 400);

const api = httpCheck(`http://127.0.0.1:${httpPort}/healthz`, { attemptTimeout: 2000 });
const db = tcpCheck('127.0.0.1', tcpPort);
console.log(`${api.label}: ${(await api.probe(AbortSignal.timeout(1000))).detail}`);

const waitFor = (check) =>
  firstValueFrom(
    pollUntil(check, {
      interval: 50,
      timeout: 5000,
      onAttempt: ({ outcome }) =>
        outcome === 'done' && console.log(`${check.label} ready at ${Date.now() - startedAt} ms`),
    }),
  );
try {
  await Promise.all([waitFor(api), waitFor(db)]);
  console.log(`${api.label}: ${(await api.probe(AbortSignal.timeout(1000))).detail}`);
} catch (error) {
  console.error(isDeadlineExceeded(error) ? 'not ready in 5 s' : `check failed: ${error}`);
  process.exitCode = 1;
} finally {
  web.close();
  tcp.close();
}
